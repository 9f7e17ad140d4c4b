// The conjugate Gaussian posterior of a linear effective Hamiltonian against independent
// calculations: the 1-D closed form, the dual (Woodbury) forms of mu_N and Sigma_N and the
// evidence from the N x N marginal covariance C = sigma^2 I + Phi A^{-1} Phi', and the
// moments of its draws.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/surrogate/conjugate_linear.hpp"

namespace bbg {
namespace {

// Solves C x = b for a symmetric positive-definite C (N x N) and returns ln det C.
double solve_spd(std::vector<double> c, int64_t n, std::vector<double>& b) {
  EXPECT_TRUE(cholesky_lower(c, n));
  double log_det = 0.0;
  for (int64_t i = 0; i < n; ++i) log_det += 2.0 * std::log(c[i * n + i]);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = 0; k < i; ++k) b[i] -= c[i * n + k] * b[k];
    b[i] /= c[i * n + i];
  }
  for (int64_t i = n - 1; i >= 0; --i) {
    for (int64_t k = i + 1; k < n; ++k) b[i] -= c[k * n + i] * b[k];
    b[i] /= c[i * n + i];
  }
  return log_det;
}

TEST(ConjugateLinear, OneFeatureClosedForm) {
  const std::vector<double> x = {0.5, -1.0, 2.0, 1.5}, y = {1.1, -1.9, 4.2, 2.8};
  const double sigma = 0.3, tau = 2.0;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) sxx += x[i] * x[i], sxy += x[i] * y[i];
  const double precision = 1 / (tau * tau) + sxx / (sigma * sigma);
  const ConjugateLinearPosterior post(x, y, 1, {tau}, sigma);
  EXPECT_NEAR(post.mean()[0], sxy / (sigma * sigma) / precision, 1e-14);
  EXPECT_NEAR(post.covariance()[0], 1 / precision, 1e-15);
  const double dphi = 0.7;
  EXPECT_NEAR(post.epistemic_variance(&dphi), dphi * dphi / precision, 1e-15);
}

TEST(ConjugateLinear, AgreesWithTheDualFormsAndTheMarginalLikelihood) {
  const int64_t n = 25, p = 4;
  Rng rng(3);
  std::vector<double> phi(n * p), y(n);
  const std::vector<double> w_true = {0.5, -1.0, 0.25, 2.0}, tau = {1.0, 2.0, 0.5, 3.0};
  const double sigma = 0.4;
  for (int64_t i = 0; i < n; ++i) {
    y[i] = sigma * rng.normal();
    for (int64_t j = 0; j < p; ++j) phi[i * p + j] = rng.normal(), y[i] += phi[i * p + j] * w_true[j];
  }
  const ConjugateLinearPosterior post(phi, y, p, tau, sigma);
  // C = sigma^2 I + Phi A^{-1} Phi'
  std::vector<double> c(n * n, 0.0);
  for (int64_t a = 0; a < n; ++a)
    for (int64_t b = 0; b < n; ++b) {
      double s = a == b ? sigma * sigma : 0.0;
      for (int64_t j = 0; j < p; ++j) s += phi[a * p + j] * tau[j] * tau[j] * phi[b * p + j];
      c[a * n + b] = s;
    }
  std::vector<double> cy = y;
  const double log_det_c = solve_spd(c, n, cy);
  // mu_N = A^{-1} Phi' C^{-1} y
  for (int64_t j = 0; j < p; ++j) {
    double s = 0.0;
    for (int64_t a = 0; a < n; ++a) s += phi[a * p + j] * cy[a];
    EXPECT_NEAR(post.mean()[j], tau[j] * tau[j] * s, 1e-10);
  }
  // Sigma_N = A^{-1} - A^{-1} Phi' C^{-1} Phi A^{-1}, column by column
  for (int64_t j = 0; j < p; ++j) {
    std::vector<double> col(n);
    for (int64_t a = 0; a < n; ++a) col[a] = phi[a * p + j] * tau[j] * tau[j];
    solve_spd(c, n, col);
    for (int64_t i = 0; i < p; ++i) {
      double s = 0.0;
      for (int64_t a = 0; a < n; ++a) s += tau[i] * tau[i] * phi[a * p + i] * col[a];
      EXPECT_NEAR(post.covariance()[i * p + j], (i == j ? tau[i] * tau[i] : 0.0) - s, 1e-10);
    }
  }
  // ln p(y) = -(1/2) [ y' C^{-1} y + ln det C + N ln 2 pi ]
  double quad = 0.0;
  for (int64_t a = 0; a < n; ++a) quad += y[a] * cy[a];
  EXPECT_NEAR(post.log_evidence(), -0.5 * (quad + log_det_c + n * std::log(2 * M_PI)), 1e-9);
}

TEST(ConjugateLinear, DrawsHaveThePosteriorMoments) {
  const std::vector<double> phi = {1, 0.5, 1, -1.0, 1, 2.0, 1, 1.5, 1, 0.0};
  const std::vector<double> y = {1.0, -0.5, 2.5, 2.0, 0.4};
  const ConjugateLinearPosterior post(phi, y, 2, {1.0}, 0.5);
  Rng rng(11);
  const int draws = 40000;
  double m0 = 0, m1 = 0, c01 = 0, v1 = 0;
  std::vector<double> w(2);
  for (int k = 0; k < draws; ++k) {
    post.draw(rng, w.data());
    m0 += w[0], m1 += w[1], c01 += w[0] * w[1], v1 += w[1] * w[1];
  }
  m0 /= draws, m1 /= draws;
  const auto& s = post.covariance();
  EXPECT_NEAR(m0, post.mean()[0], 4 * std::sqrt(s[0] / draws));
  EXPECT_NEAR(m1, post.mean()[1], 4 * std::sqrt(s[3] / draws));
  EXPECT_NEAR(v1 / draws - m1 * m1, s[3], 4 * s[3] * std::sqrt(2.0 / draws));
  EXPECT_NEAR(c01 / draws - m0 * m1, s[1], 4 * std::sqrt((s[0] * s[3] + s[1] * s[1]) / draws));
}

TEST(ConjugateLinear, BadInputIsRefused) {
  EXPECT_THROW(ConjugateLinearPosterior({1, 2, 3}, {1, 2}, 2, {1.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(ConjugateLinearPosterior({1, 2}, {1, 2}, 1, {0.0}, 1.0), std::invalid_argument);
  EXPECT_THROW(ConjugateLinearPosterior({1, 2}, {1, 2}, 1, {1.0}, -1.0), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
