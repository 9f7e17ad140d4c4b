#include "bbg/sampler/metric.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "bbg/core/cholesky.hpp"
#include "bbg/core/rng.hpp"

namespace bbg {

void Metric::drift(double* q, const double* p, double eps, double* scratch) const {
  velocity(p, scratch);
  const int64_t n = size();
  for (int64_t i = 0; i < n; ++i) q[i] += eps * scratch[i];
}

void UnitMetric::sample_momentum(Rng& rng, double* p) const {
  for (int64_t i = 0; i < n_; ++i) p[i] = rng.normal();
}

double UnitMetric::kinetic(const double* p) const {
  double sum = 0.0;
  for (int64_t i = 0; i < n_; ++i) sum += p[i] * p[i];
  return 0.5 * sum;
}

void UnitMetric::velocity(const double* p, double* v) const {
  for (int64_t i = 0; i < n_; ++i) v[i] = p[i];
}

void UnitMetric::drift(double* q, const double* p, double eps, double*) const {
  for (int64_t i = 0; i < n_; ++i) q[i] += eps * p[i];
}

DiagonalMetric::DiagonalMetric(std::vector<double> inverse_mass) : inverse_mass_(std::move(inverse_mass)) {
  for (double d : inverse_mass_) {
    if (!(d > 0) || !std::isfinite(d))
      throw std::invalid_argument("diagonal metric: inverse mass " + std::to_string(d) + " is not positive");
    mass_sqrt_.push_back(1.0 / std::sqrt(d));
  }
}

void DiagonalMetric::sample_momentum(Rng& rng, double* p) const {
  for (size_t i = 0; i < mass_sqrt_.size(); ++i) p[i] = mass_sqrt_[i] * rng.normal();
}

double DiagonalMetric::kinetic(const double* p) const {
  double sum = 0.0;
  for (size_t i = 0; i < inverse_mass_.size(); ++i) sum += inverse_mass_[i] * p[i] * p[i];
  return 0.5 * sum;
}

void DiagonalMetric::velocity(const double* p, double* v) const {
  for (size_t i = 0; i < inverse_mass_.size(); ++i) v[i] = inverse_mass_[i] * p[i];
}

void DiagonalMetric::drift(double* q, const double* p, double eps, double*) const {
  for (size_t i = 0; i < inverse_mass_.size(); ++i) q[i] += eps * inverse_mass_[i] * p[i];
}

DenseMetric::DenseMetric(int64_t size, std::vector<double> inverse_mass)
    : n_(size), inverse_mass_(std::move(inverse_mass)), z_(size) {
  if (static_cast<int64_t>(inverse_mass_.size()) != n_ * n_)
    throw std::invalid_argument("dense metric: need " + std::to_string(n_ * n_) + " matrix entries");
  for (int64_t i = 0; i < n_; ++i)
    for (int64_t j = 0; j < i; ++j)
      if (inverse_mass_[i * n_ + j] != inverse_mass_[j * n_ + i])
        throw std::invalid_argument("dense metric: inverse mass matrix is not symmetric");
  cholesky_ = inverse_mass_;  // Sigma = L L^T
  if (!cholesky_lower(cholesky_, n_))
    throw std::invalid_argument("dense metric: inverse mass matrix is not positive definite");
}

void DenseMetric::sample_momentum(Rng& rng, double* p) const {
  for (int64_t i = 0; i < n_; ++i) z_[i] = rng.normal();
  // Solve L^T p = z by back substitution.
  for (int64_t i = n_ - 1; i >= 0; --i) {
    double s = z_[i];
    for (int64_t k = i + 1; k < n_; ++k) s -= cholesky_[k * n_ + i] * p[k];
    p[i] = s / cholesky_[i * n_ + i];
  }
}

double DenseMetric::kinetic(const double* p) const {
  double sum = 0.0;
  for (int64_t i = 0; i < n_; ++i) {
    double row = 0.0;
    for (int64_t j = 0; j < n_; ++j) row += inverse_mass_[i * n_ + j] * p[j];
    sum += p[i] * row;
  }
  return 0.5 * sum;
}

void DenseMetric::velocity(const double* p, double* v) const {
  for (int64_t i = 0; i < n_; ++i) {
    double row = 0.0;
    for (int64_t j = 0; j < n_; ++j) row += inverse_mass_[i * n_ + j] * p[j];
    v[i] = row;
  }
}

}  // namespace bbg
