// Exact reference for Bayesian linear regression with a SAMPLED noise scale:
//   y = X beta + e,  e ~ N(0, sigma^2 I),  beta ~ N(0, s0^2 I) (independent of sigma),
//   sigma ~ half-normal(s_sigma),
// which is not conjugate in sigma. Given sigma, beta is Gaussian:
//   A(sigma) = X^T X / sigma^2 + I / s0^2,  beta | sigma, D ~ N(A^-1 X^T y / sigma^2, A^-1),
// and beta integrates out of the likelihood: y | sigma ~ N(0, C), C = sigma^2 I + s0^2 X X^T, so
//   p(sigma | D) ∝ p_HN(sigma) N(y; 0, C(sigma)),
// a 1-D density. Its moments, and those of beta (law of total expectation / variance:
//   E[beta] = E_sigma[mu(sigma)],  Cov[beta] = E_sigma[A^-1 + mu mu^T] - E[beta] E[beta]^T),
// are computed by the trapezoid rule on a uniform grid, either in u = log sigma
// (density p_HN(e^u) e^u N(y; 0, C(e^u))) or in sigma itself, two independent
// quadratures whose agreement checks the Jacobian. log N(y; 0, C) is evaluated in
// d x d form by the matrix determinant lemma and Woodbury's identity,
//   log det C = 2n log sigma + 2d log s0 + log det A,   y^T C^-1 y = y^T y / sigma^2 - b^T A^-1 b,
// b = X^T y / sigma^2, and directly by an n x n Cholesky factorisation, for the check.
// No torch here: plain doubles, so later samplers (NUTS, penalty method) reuse it.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"

namespace bbg::bayes_test {

// Lower Cholesky factor of a symmetric positive definite m x m matrix (row-major).
inline std::vector<double> cholesky(const std::vector<double>& a, int64_t m) {
  std::vector<double> l(m * m, 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j <= i; ++j) {
      double s = a[i * m + j];
      for (int64_t k = 0; k < j; ++k) s -= l[i * m + k] * l[j * m + k];
      if (i == j) {
        if (!(s > 0.0)) throw std::runtime_error("cholesky: not positive definite");
        l[i * m + i] = std::sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j];
      }
    }
  return l;
}

// Solves L L^T z = v in place.
inline void cholesky_solve(const std::vector<double>& l, int64_t m, std::vector<double>& v) {
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t k = 0; k < i; ++k) v[i] -= l[i * m + k] * v[k];
    v[i] /= l[i * m + i];
  }
  for (int64_t i = m - 1; i >= 0; --i) {
    for (int64_t k = i + 1; k < m; ++k) v[i] -= l[k * m + i] * v[k];
    v[i] /= l[i * m + i];
  }
}

inline double log_det_from_cholesky(const std::vector<double>& l, int64_t m) {
  double s = 0.0;
  for (int64_t i = 0; i < m; ++i) s += 2.0 * std::log(l[i * m + i]);
  return s;
}

struct SampledNoiseRegression {
  int64_t n = 40, d = 2;
  double s0 = 1.0, s_sigma = 1.0, sigma_true = 0.5;
  std::vector<double> x, y;  // [n][d], [n]

  explicit SampledNoiseRegression(uint64_t seed = 11) {
    Rng rng(seed, 0);
    const std::vector<double> beta = {0.8, -0.5};
    x.resize(n * d);
    y.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      double f = 0.0;
      for (int64_t j = 0; j < d; ++j) x[i * d + j] = rng.normal(), f += x[i * d + j] * beta[j];
      y[i] = f + sigma_true * rng.normal();
    }
  }

  // log of the half-normal density of sigma > 0.
  double log_half_normal(double sigma) const {
    return 0.5 * std::log(2.0 / M_PI) - std::log(s_sigma) - sigma * sigma / (2.0 * s_sigma * s_sigma);
  }

  // The conditional posterior beta | sigma, D: *mean = A^-1 b, *cov = A^-1; returns log det A.
  double conditional(double sigma, std::vector<double>* mean, std::vector<double>* cov) const {
    const double s2 = sigma * sigma;
    std::vector<double> a(d * d, 0.0), b(d, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < d; ++j) {
        b[j] += x[i * d + j] * y[i] / s2;
        for (int64_t k = 0; k < d; ++k) a[j * d + k] += x[i * d + j] * x[i * d + k] / s2;
      }
    for (int64_t j = 0; j < d; ++j) a[j * d + j] += 1.0 / (s0 * s0);
    const std::vector<double> l = cholesky(a, d);
    *mean = b;
    cholesky_solve(l, d, *mean);
    cov->assign(d * d, 0.0);
    for (int64_t c = 0; c < d; ++c) {
      std::vector<double> e(d, 0.0);
      e[c] = 1.0;
      cholesky_solve(l, d, e);
      for (int64_t r = 0; r < d; ++r) (*cov)[r * d + c] = e[r];
    }
    return log_det_from_cholesky(l, d);
  }

  // log N(y; 0, sigma^2 I + s0^2 X X^T) by the d x d identities (header).
  double log_marginal(double sigma) const {
    std::vector<double> mu, cov;
    const double log_det_a = conditional(sigma, &mu, &cov);
    const double s2 = sigma * sigma;
    double yy = 0.0, bmu = 0.0;
    for (int64_t i = 0; i < n; ++i) yy += y[i] * y[i];
    for (int64_t j = 0; j < d; ++j) {
      double bj = 0.0;
      for (int64_t i = 0; i < n; ++i) bj += x[i * d + j] * y[i] / s2;
      bmu += bj * mu[j];  // b^T A^-1 b
    }
    const double log_det_c = 2.0 * n * std::log(sigma) + 2.0 * d * std::log(s0) + log_det_a;
    return -0.5 * n * std::log(2.0 * M_PI) - 0.5 * log_det_c - 0.5 * (yy / s2 - bmu);
  }

  // The same, directly from the n x n covariance (the check of log_marginal).
  double log_marginal_direct(double sigma) const {
    std::vector<double> c(n * n, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t k = 0; k < n; ++k) {
        double xx = 0.0;
        for (int64_t j = 0; j < d; ++j) xx += x[i * d + j] * x[k * d + j];
        c[i * n + k] = s0 * s0 * xx + (i == k ? sigma * sigma : 0.0);
      }
    const std::vector<double> l = cholesky(c, n);
    std::vector<double> z = y;
    cholesky_solve(l, n, z);
    double q = 0.0;
    for (int64_t i = 0; i < n; ++i) q += y[i] * z[i];
    return -0.5 * n * std::log(2.0 * M_PI) - 0.5 * log_det_from_cholesky(l, n) - 0.5 * q;
  }

  struct Moments {
    double log_evidence = 0.0;     // log p(D) = log ∫ p(sigma) N(y; 0, C) d sigma
    double sigma_mean = 0.0, sigma_var = 0.0;
    double log_sigma_mean = 0.0, log_sigma_var = 0.0;
    std::vector<double> beta_mean, beta_cov;  // [d], [d][d]
    double edge_weight = 0.0;      // the largest normalised weight at either end of the grid
  };

  // Trapezoid rule with `points` nodes on [lo, hi], in u = log sigma (in_log = true) or in sigma.
  Moments posterior(int64_t points, double lo, double hi, bool in_log) const {
    std::vector<double> node(points), logw(points);
    const double h = (hi - lo) / static_cast<double>(points - 1);
    double top = -INFINITY;
    for (int64_t i = 0; i < points; ++i) {
      const double t = lo + h * static_cast<double>(i);
      const double sigma = in_log ? std::exp(t) : t;
      node[i] = sigma;
      // density in t: p_HN(sigma) N(y; 0, C) times the Jacobian d sigma / d t (sigma in log space, 1 otherwise)
      logw[i] = log_half_normal(sigma) + log_marginal(sigma) + (in_log ? t : 0.0) + std::log(h * (i == 0 || i == points - 1 ? 0.5 : 1.0));
      top = std::max(top, logw[i]);
    }
    Moments m;
    m.beta_mean.assign(d, 0.0);
    m.beta_cov.assign(d * d, 0.0);
    double z = 0.0;
    for (int64_t i = 0; i < points; ++i) z += std::exp(logw[i] - top);
    m.log_evidence = top + std::log(z);
    std::vector<double> mu, cov, second(d * d, 0.0);
    double s1 = 0.0, s2 = 0.0, l1 = 0.0, l2 = 0.0;
    for (int64_t i = 0; i < points; ++i) {
      const double w = std::exp(logw[i] - top) / z;
      const double sigma = node[i];
      s1 += w * sigma, s2 += w * sigma * sigma;
      l1 += w * std::log(sigma), l2 += w * std::log(sigma) * std::log(sigma);
      conditional(sigma, &mu, &cov);
      for (int64_t j = 0; j < d; ++j) {
        m.beta_mean[j] += w * mu[j];
        for (int64_t k = 0; k < d; ++k) second[j * d + k] += w * (cov[j * d + k] + mu[j] * mu[k]);
      }
    }
    m.edge_weight = std::max(std::exp(logw[0] - top) / z, std::exp(logw[points - 1] - top) / z);
    m.sigma_mean = s1, m.sigma_var = s2 - s1 * s1;
    m.log_sigma_mean = l1, m.log_sigma_var = l2 - l1 * l1;
    for (int64_t j = 0; j < d; ++j)
      for (int64_t k = 0; k < d; ++k) m.beta_cov[j * d + k] = second[j * d + k] - m.beta_mean[j] * m.beta_mean[k];
    return m;
  }

  // The reference used by the sampler tests: 1500 nodes in log sigma on [-8, 3].
  Moments exact() const { return posterior(1500, -8.0, 3.0, true); }
};

}  // namespace bbg::bayes_test
