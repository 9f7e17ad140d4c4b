// Bayesian linear regression with a conjugate prior and known noise, the exact
// reference for the tests of src/bbg/bayes/:
//   y = X beta + e,  e ~ N(0, sigma^2 I),  beta ~ N(0, s0^2 I),
//   posterior N(mu, Sigma),  Sigma = (X^T X / sigma^2 + I / s0^2)^-1,  mu = Sigma X^T y / sigma^2,
// with the "network" a torch::nn::Linear(d, 1) without bias, so theta = beta.
// U(beta) = -log p(beta) - sum_i log p(y_i | x_i, beta), normalisations included.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/core/rng.hpp"

namespace bbg::bayes_test {

// Inverse of a symmetric positive definite d x d matrix (row-major), Gauss-Jordan.
inline std::vector<double> invert(std::vector<double> a, int64_t d) {
  std::vector<double> inv(d * d, 0.0);
  for (int64_t i = 0; i < d; ++i) inv[i * d + i] = 1.0;
  for (int64_t c = 0; c < d; ++c) {
    const double pivot = a[c * d + c];
    if (!(pivot > 0.0)) throw std::runtime_error("invert: not positive definite");
    for (int64_t j = 0; j < d; ++j) a[c * d + j] /= pivot, inv[c * d + j] /= pivot;
    for (int64_t r = 0; r < d; ++r) {
      if (r == c) continue;
      const double f = a[r * d + c];
      for (int64_t j = 0; j < d; ++j) a[r * d + j] -= f * a[c * d + j], inv[r * d + j] -= f * inv[c * d + j];
    }
  }
  return inv;
}

struct LinearRegression {
  int64_t n = 70, d = 3;
  double sigma = 0.5, s0 = 1.0;
  std::vector<double> x, y;         // [n][d], [n]
  std::vector<double> precision;    // A = X^T X / sigma^2 + I / s0^2
  std::vector<double> covariance;   // Sigma = A^-1
  std::vector<double> mean;         // mu

  explicit LinearRegression(uint64_t seed = 7) {
    Rng rng(seed, 0);
    const std::vector<double> beta = {0.8, -0.5, 0.3};
    x.resize(n * d);
    y.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      double f = 0.0;
      for (int64_t j = 0; j < d; ++j) x[i * d + j] = rng.normal(), f += x[i * d + j] * beta[j];
      y[i] = f + sigma * rng.normal();
    }
    precision.assign(d * d, 0.0);
    std::vector<double> xty(d, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < d; ++j) {
        xty[j] += x[i * d + j] * y[i] / (sigma * sigma);
        for (int64_t k = 0; k < d; ++k) precision[j * d + k] += x[i * d + j] * x[i * d + k] / (sigma * sigma);
      }
    for (int64_t j = 0; j < d; ++j) precision[j * d + j] += 1.0 / (s0 * s0);
    covariance = invert(precision, d);
    mean.assign(d, 0.0);
    for (int64_t j = 0; j < d; ++j)
      for (int64_t k = 0; k < d; ++k) mean[j] += covariance[j * d + k] * xty[k];
  }

  // Closed-form U(beta) at T = 1 and its gradient beta / s0^2 - X^T (y - X beta) / sigma^2.
  double energy(const double* beta) const {
    const double half_log_2pi = 0.5 * std::log(2.0 * M_PI);
    double u = static_cast<double>(d) * (std::log(s0) + half_log_2pi) +
               static_cast<double>(n) * (std::log(sigma) + half_log_2pi);
    for (int64_t j = 0; j < d; ++j) u += beta[j] * beta[j] / (2.0 * s0 * s0);
    for (int64_t i = 0; i < n; ++i) {
      const double r = y[i] - residual_fit(i, beta);
      u += r * r / (2.0 * sigma * sigma);
    }
    return u;
  }
  std::vector<double> energy_gradient(const double* beta) const {
    std::vector<double> g(d);
    for (int64_t j = 0; j < d; ++j) g[j] = beta[j] / (s0 * s0);
    for (int64_t i = 0; i < n; ++i) {
      const double r = y[i] - residual_fit(i, beta);
      for (int64_t j = 0; j < d; ++j) g[j] -= x[i * d + j] * r / (sigma * sigma);
    }
    return g;
  }
  double residual_fit(int64_t i, const double* beta) const {
    double f = 0.0;
    for (int64_t j = 0; j < d; ++j) f += x[i * d + j] * beta[j];
    return f;
  }

  // The weight potential of this problem: Linear(d, 1, no bias) in double, prior N(0, s0^2).
  std::unique_ptr<bayes::WeightPotential> potential(int64_t batch_size = 0, double temperature = 1.0,
                                                    bool independent_batches = false) const {
    auto linear = torch::nn::Linear(torch::nn::LinearOptions(d, 1).bias(false));
    linear->to(torch::kDouble);
    const auto opts = torch::TensorOptions().dtype(torch::kDouble);
    const at::Tensor xt = torch::from_blob(const_cast<double*>(x.data()), {n, d}, opts).clone();
    const at::Tensor yt = torch::from_blob(const_cast<double*>(y.data()), {n, 1}, opts).clone();
    const auto prior = bayes::GaussianPrior::fixed(bayes::layout_of(*linear), s0);
    bayes::WeightPotentialSettings s;
    s.batch_size = batch_size;
    s.temperature = temperature;
    s.independent_batches = independent_batches;
    return std::make_unique<bayes::WeightPotential>(torch::nn::AnyModule(linear), xt, yt,
                                                    std::make_shared<bayes::GaussianLikelihood>(sigma), prior, s);
  }
};

}  // namespace bbg::bayes_test

#include "../sampler/sampler_test_util.hpp"

namespace bbg::bayes_test {

using Draws = std::vector<std::vector<std::vector<double>>>;  // [chain][draw][j]

// Mean against `mean`, and E[(q_j - mean_j)(q_k - mean_k)] against `covariance`,
// each within 4 Gamma-method standard errors.
inline void expect_moments(const Draws& draws, const std::vector<double>& mean, const std::vector<double>& covariance,
                           const std::string& what) {
  const size_t d = mean.size();
  for (size_t j = 0; j < d; ++j) {
    std::vector<std::vector<double>> m(draws.size());
    for (size_t c = 0; c < draws.size(); ++c)
      for (const auto& q : draws[c]) m[c].push_back(q[j]);
    sampler_test::expect_mean_within_errors(m, mean[j], what + " mean " + std::to_string(j));
    for (size_t k = j; k < d; ++k) {
      std::vector<std::vector<double>> s(draws.size());
      for (size_t c = 0; c < draws.size(); ++c)
        for (const auto& q : draws[c]) s[c].push_back((q[j] - mean[j]) * (q[k] - mean[k]));
      sampler_test::expect_mean_within_errors(s, covariance[j * d + k],
                                              what + " cov " + std::to_string(j) + std::to_string(k));
    }
  }
}

// Trace of the measured covariance about the exact mean, with its Gamma-method error.
inline GammaResult covariance_trace(const Draws& draws, const std::vector<double>& mean) {
  std::vector<std::vector<double>> s(draws.size());
  for (size_t c = 0; c < draws.size(); ++c)
    for (const auto& q : draws[c]) {
      double t = 0.0;
      for (size_t j = 0; j < mean.size(); ++j) t += (q[j] - mean[j]) * (q[j] - mean[j]);
      s[c].push_back(t);
    }
  return gamma_method(s);
}

}  // namespace bbg::bayes_test
