#include "bbg/surrogate/conjugate_linear.hpp"

#include <cmath>
#include <stdexcept>

#include "bbg/core/cholesky.hpp"
#include "bbg/core/rng.hpp"

namespace bbg {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// Solves L L' x = b in place (L lower, row-major).
void cholesky_solve(const std::vector<double>& l, int64_t p, double* b) {
  for (int64_t i = 0; i < p; ++i) {
    double s = b[i];
    for (int64_t k = 0; k < i; ++k) s -= l[i * p + k] * b[k];
    b[i] = s / l[i * p + i];
  }
  for (int64_t i = p - 1; i >= 0; --i) {
    double s = b[i];
    for (int64_t k = i + 1; k < p; ++k) s -= l[k * p + i] * b[k];
    b[i] = s / l[i * p + i];
  }
}

}  // namespace

ConjugateLinearPosterior::ConjugateLinearPosterior(const std::vector<double>& phi, const std::vector<double>& y,
                                                   int64_t p, const std::vector<double>& prior_scales,
                                                   double noise_sigma)
    : n_(static_cast<int64_t>(y.size())), p_(p), sigma_(noise_sigma) {
  if (p < 1 || static_cast<int64_t>(phi.size()) != n_ * p)
    throw std::invalid_argument("conjugate linear posterior: features must be N x P with N = targets.size()");
  if (!(noise_sigma > 0.0) || !std::isfinite(noise_sigma))
    throw std::invalid_argument("conjugate linear posterior: the noise sigma must be > 0");
  if (prior_scales.size() != 1 && static_cast<int64_t>(prior_scales.size()) != p)
    throw std::invalid_argument("conjugate linear posterior: give one prior scale or one per feature");
  std::vector<double> tau(static_cast<size_t>(p));
  for (int64_t j = 0; j < p; ++j) {
    tau[j] = prior_scales.size() == 1 ? prior_scales[0] : prior_scales[j];
    if (!(tau[j] > 0.0) || !std::isfinite(tau[j]))
      throw std::invalid_argument("conjugate linear posterior: prior scales must be > 0");
  }
  const double s2 = sigma_ * sigma_;
  // precision = A + Phi' Phi / sigma^2, b = Phi' y / sigma^2
  std::vector<double> precision(static_cast<size_t>(p * p), 0.0), b(static_cast<size_t>(p), 0.0);
  for (int64_t n = 0; n < n_; ++n) {
    const double* row = phi.data() + n * p;
    for (int64_t i = 0; i < p; ++i) {
      b[i] += row[i] * y[n] / s2;
      for (int64_t j = 0; j <= i; ++j) precision[i * p + j] += row[i] * row[j] / s2;
    }
  }
  for (int64_t i = 0; i < p; ++i) {
    precision[i * p + i] += 1.0 / (tau[i] * tau[i]);
    for (int64_t j = 0; j < i; ++j) precision[j * p + i] = precision[i * p + j];
  }
  std::vector<double> l = precision;
  if (!cholesky_lower(l, p)) throw std::invalid_argument("conjugate linear posterior: the precision is singular");
  mean_ = b;
  cholesky_solve(l, p, mean_.data());
  covariance_.assign(static_cast<size_t>(p * p), 0.0);
  for (int64_t j = 0; j < p; ++j) {
    std::vector<double> e(static_cast<size_t>(p), 0.0);
    e[j] = 1.0;
    cholesky_solve(l, p, e.data());
    for (int64_t i = 0; i < p; ++i) covariance_[i * p + j] = e[i];
  }
  cholesky_ = covariance_;
  if (!cholesky_lower(cholesky_, p)) throw std::invalid_argument("conjugate linear posterior: Sigma_N not SPD");
  // log evidence
  double residual = 0.0, prior_term = 0.0, log_det_precision = 0.0, log_det_prior_cov = 0.0;
  for (int64_t n = 0; n < n_; ++n) {
    double f = 0.0;
    for (int64_t j = 0; j < p; ++j) f += phi[n * p + j] * mean_[j];
    residual += (y[n] - f) * (y[n] - f);
  }
  for (int64_t j = 0; j < p; ++j) {
    prior_term += mean_[j] * mean_[j] / (tau[j] * tau[j]);
    log_det_precision += 2.0 * std::log(l[j * p + j]);
    log_det_prior_cov += 2.0 * std::log(tau[j]);
  }
  log_evidence_ = -0.5 * static_cast<double>(n_) * std::log(kTwoPi * s2) - residual / (2.0 * s2) - 0.5 * prior_term -
                  0.5 * log_det_prior_cov - 0.5 * log_det_precision;
}

double ConjugateLinearPosterior::predictive_mean(const double* phi) const {
  double s = 0.0;
  for (int64_t j = 0; j < p_; ++j) s += phi[j] * mean_[j];
  return s;
}

double ConjugateLinearPosterior::epistemic_variance(const double* phi) const {
  double s = 0.0;
  for (int64_t i = 0; i < p_; ++i) {
    double row = 0.0;
    for (int64_t j = 0; j < p_; ++j) row += covariance_[i * p_ + j] * phi[j];
    s += phi[i] * row;
  }
  return s;
}

void ConjugateLinearPosterior::draw(Rng& rng, double* w) const {
  std::vector<double> z(static_cast<size_t>(p_));
  for (auto& v : z) v = rng.normal();
  for (int64_t i = 0; i < p_; ++i) {
    double s = mean_[i];
    for (int64_t k = 0; k <= i; ++k) s += cholesky_[i * p_ + k] * z[k];
    w[i] = s;
  }
}

}  // namespace bbg
