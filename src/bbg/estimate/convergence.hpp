// Convergence diagnostics across chains: split rank-normalized R-hat (bulk and
// folded) and bulk effective sample size, as in Stan.
//
// A. Vehtari, A. Gelman, D. Simpson, B. Carpenter, P.-C. Burkner, "Rank-normalization,
// folding, and localization: an improved R-hat for assessing convergence of MCMC",
// Bayesian Analysis 16 (2021) 667; ESS: C. J. Geyer, Statist. Sci. 7 (1992) 473.
//
// Chains are truncated to the shortest one (keeping their last draws) and split
// in halves (an odd length drops the middle draw), giving M chains of n draws,
// S = M n. Rank normalisation: r = rank among all S draws (ties get the average
// rank), z = Phi^{-1}((r - 3/8)/(S + 1/4)). With chain means zbar_m, chain
// variances s_m^2 (divisor n - 1), W = mean_m s_m^2, B = n var_m(zbar_m) (divisor
// M - 1), var+ = (n - 1)/n W + B/n:
//     R-hat = sqrt(var+ / W).
// rhat_bulk uses z of the draws, rhat_folded z of |x - median(x)|, and rhat is the
// larger of the two (the one that is defined when the other is NaN).
// Bulk ESS = S / tau_hat with, from the within-chain autocovariances acov_m(t)
// (divisor n), rho(t) = 1 - (W - mean_m acov_m(t)) / var+, and
// tau_hat = -1 + 2 sum_{t < T} rho(t) + rho(T) summed over pairs rho(2k) + rho(2k+1)
// while positive (Geyer's initial positive sequence, made monotone), floored at
// 1/log10(S). Split chains shorter than 6 draws (or rho(0) + rho(1) <= 0) use
// tau_hat = 1, i.e. ESS = S.
//
// Returns NaN for everything when a chain has fewer than 4 draws or any draw is
// not finite. Constant data (all draws equal) give rhat = NaN and ess = NaN:
// without any spread there is nothing to diagnose. Chains that are each constant
// but differ between chains give rhat = +inf.
#pragma once
#include <vector>

namespace bbg {

// Phi^{-1}(p) for the standard normal distribution: P. J. Acklam's rational
// approximation refined by one Halley step (about 1e-15 relative). p = 0 gives
// -inf, p = 1 +inf, p outside [0, 1] or NaN gives NaN.
double inverse_normal_cdf(double p);

struct ConvergenceResult {
  double rhat, rhat_bulk, rhat_folded, ess_bulk;
};

// chains[c][t]: chain c, draw t.
ConvergenceResult convergence(const std::vector<std::vector<double>>& chains);

}  // namespace bbg
