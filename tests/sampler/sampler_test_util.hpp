// Small potentials with known answers for the sampler-core tests, and the check
// "estimate within k standard errors (Gamma method) of the exact value".
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "bbg/estimate/gamma_method.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg::sampler_test {

// U(q) = q^T A q / 2 with a symmetric positive definite precision A (row-major),
// so q ~ N(0, A^-1).
class GaussianPotential : public Potential {
 public:
  GaussianPotential(int64_t n, std::vector<double> precision) : n_(n), a_(std::move(precision)) {}
  int64_t size() const override { return n_; }
  double value(const double* q) const override {
    double u = 0.0;
    for (int64_t i = 0; i < n_; ++i)
      for (int64_t j = 0; j < n_; ++j) u += 0.5 * q[i] * a_[i * n_ + j] * q[j];
    return u;
  }
  void gradient(const double* q, double* g) const override {
    for (int64_t i = 0; i < n_; ++i) {
      g[i] = 0.0;
      for (int64_t j = 0; j < n_; ++j) g[i] += a_[i * n_ + j] * q[j];
    }
  }

 private:
  int64_t n_;
  std::vector<double> a_;
};

// The correlated 2-D Gaussian of the tests: covariance [[1, 0.8], [0.8, 1]] ...
inline const std::vector<double>& correlated_covariance() {
  static const std::vector<double> s = {1.0, 0.8, 0.8, 1.0};
  return s;
}
// ... whose precision is its inverse, 1/(1 - 0.64) [[1, -0.8], [-0.8, 1]].
inline GaussianPotential correlated_gaussian() {
  const double d = 1.0 / (1.0 - 0.64);
  return GaussianPotential(2, {d, -0.8 * d, -0.8 * d, d});
}

// A non-quadratic potential (so integrator tests are not special to linear forces):
// U = sum_i (a_i q_i^2 / 2 + q_i^4 / 4) + c q_0 q_1.
class AnharmonicPotential : public Potential {
 public:
  int64_t size() const override { return 3; }
  double value(const double* q) const override {
    double u = 0.3 * q[0] * q[1];
    for (int i = 0; i < 3; ++i) u += 0.5 * a_[i] * q[i] * q[i] + 0.25 * q[i] * q[i] * q[i] * q[i];
    return u;
  }
  void gradient(const double* q, double* g) const override {
    for (int i = 0; i < 3; ++i) g[i] = a_[i] * q[i] + q[i] * q[i] * q[i];
    g[0] += 0.3 * q[1];
    g[1] += 0.3 * q[0];
  }

 private:
  double a_[3] = {1.0, 2.0, 0.5};
};

constexpr double kSigmas = 4.0;  // every statistical check is at 4 standard errors

// series[chain][draw]: checks that its mean is within kSigmas Gamma-method errors of `exact`.
inline void expect_mean_within_errors(const std::vector<std::vector<double>>& series, double exact,
                                      const std::string& what) {
  const GammaResult g = gamma_method(series);
  EXPECT_GT(g.error, 0.0) << what;
  EXPECT_LT(std::abs(g.value - exact), kSigmas * g.error)
      << what << ": estimate " << g.value << " +- " << g.error << " (tau_int " << g.tau_int << "), exact " << exact;
}

// draws[chain][draw][i] of a zero-mean 2-D target: mean and covariance against exact.
inline void expect_gaussian_moments(const std::vector<std::vector<std::vector<double>>>& draws,
                                    const std::vector<double>& covariance, const std::string& what) {
  const size_t n = draws.at(0).at(0).size();
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::vector<double>> m(draws.size());
    for (size_t c = 0; c < draws.size(); ++c)
      for (const auto& q : draws[c]) m[c].push_back(q[i]);
    expect_mean_within_errors(m, 0.0, what + " <q" + std::to_string(i) + ">");
    for (size_t j = i; j < n; ++j) {
      std::vector<std::vector<double>> s(draws.size());
      for (size_t c = 0; c < draws.size(); ++c)
        for (const auto& q : draws[c]) s[c].push_back(q[i] * q[j]);
      expect_mean_within_errors(s, covariance[i * n + j],
                                what + " <q" + std::to_string(i) + " q" + std::to_string(j) + ">");
    }
  }
}

}  // namespace bbg::sampler_test
