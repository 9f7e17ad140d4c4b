// Bayesian linear regression with its exact (conjugate) Gaussian posterior: the
// effective Hamiltonian F_eff(x) = phi(x) . w of a surrogate energy (docs/surrogate_mc.md).
//
// Model: y_n = phi_n . w + e_n, e_n ~ N(0, sigma^2) iid (sigma^2 the residual between the
// exact energy and the linear form), prior w_j ~ N(0, tau_j^2) independently. Then
// (Bishop, "Pattern Recognition and Machine Learning", 2006, eqs. 3.50-3.51, 3.58-3.59)
//   Sigma_N = ( A + Phi' Phi / sigma^2 )^{-1},  A = diag(1 / tau_j^2),
//   mu_N    = Sigma_N Phi' y / sigma^2,
// and for a feature vector phi (or a feature difference dphi of a proposed move)
//   E[phi . w | D] = phi . mu_N,   Var[phi . w | D] = phi' Sigma_N phi   (epistemic),
// to which the predictive of a new noisy y adds sigma^2 (aleatoric). The log evidence
//   ln p(y) = -(1/2) [ y' C^{-1} y + ln det(2 pi C) ],  C = sigma^2 I + Phi A^{-1} Phi',
// computed as (eq. 3.86 generalised to a diagonal A)
//   -(N/2) ln(2 pi sigma^2) - |y - Phi mu_N|^2 / (2 sigma^2) - (1/2) mu_N' A mu_N
//   - (1/2) ln det(A^{-1}) - (1/2) ln det(Sigma_N^{-1}),
// compares choices of features, tau and sigma. Dense Cholesky; meant for a few to a few
// hundred features.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/core/cholesky.hpp"  // cholesky_lower, used with this class

namespace bbg {

class Rng;

class ConjugateLinearPosterior {
 public:
  // features: N x P row-major; targets: N; prior_scales tau_j > 0 (P of them, or one for
  // all); noise_sigma > 0. std::invalid_argument on a size mismatch or a bad scale.
  ConjugateLinearPosterior(const std::vector<double>& features, const std::vector<double>& targets, int64_t p,
                           const std::vector<double>& prior_scales, double noise_sigma);

  int64_t parameters() const { return p_; }
  int64_t data() const { return n_; }
  const std::vector<double>& mean() const { return mean_; }              // mu_N
  const std::vector<double>& covariance() const { return covariance_; }  // Sigma_N, P x P row-major
  double predictive_mean(const double* phi) const;                       // phi . mu_N
  double epistemic_variance(const double* phi) const;                    // phi' Sigma_N phi
  double noise_sigma() const { return sigma_; }
  double log_evidence() const { return log_evidence_; }
  // w ~ N(mu_N, Sigma_N) into w[0 .. P).
  void draw(Rng& rng, double* w) const;

 private:
  int64_t n_, p_;
  double sigma_, log_evidence_ = 0.0;
  std::vector<double> mean_, covariance_, cholesky_;  // cholesky_: lower factor of Sigma_N
};

}  // namespace bbg
