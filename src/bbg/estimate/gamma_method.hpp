// Wolff's Gamma method: error of a mean, or of a function of means, from
// autocorrelated Monte Carlo time series in R independent replicas.
//
// U. Wolff, "Monte Carlo errors with less errors", Comput. Phys. Commun. 156
// (2004) 143, hep-lat/0306017, section 3 and its UWerr reference code.
//
// Replica r has N_r >= 2 draws a_i^r, N = sum_r N_r, abb = global mean over all
// replicas. The autocovariance is pooled over replicas, always subtracting the
// global mean:
//     Gamma(t) = 1/(N - R t) sum_r sum_{i=1}^{N_r - t} (a_i^r - abb)(a_{i+t}^r - abb).
// Convention: tau_int(W) = 1/2 + sum_{t=1}^W rho(t), rho = Gamma(t)/Gamma(0), so
// uncorrelated data give tau_int = 0.5, and
//     C(W) = Gamma(0) + 2 sum_{t=1}^W Gamma(t) = 2 tau_int Gamma(0),  error^2 = C(W)/N.
// Automatic window: tau(W) = S_tau / ln((2 tau_int(W) + 1)/(2 tau_int(W) - 1))
// (tau -> 0 when tau_int(W) <= 1/2), W = the first W >= 1 with
//     g(W) = exp(-W/tau(W)) - tau(W)/sqrt(W N) < 0,
// searched up to W_max = floor(min_r N_r / 2); if no such W exists, W = W_max and
// window_found = false. Bias correction: Gamma(t) += C(W)/N for all t, so
// C(W) -> C(W) (1 + (2W + 1)/N). tau_int, error and naive_error = sqrt(Gamma(0)/N)
// use the corrected Gamma. Error of tau_int (Madras-Sokal approximation):
//     err(tau_int) = 2 tau_int sqrt((W + 1/2 - tau_int)/N).
// s_tau = 0 means "assume no autocorrelation" (W = 0).
// If C(W) <= 0 (a series that alternates in sign, e.g. m under Wolff updates in
// the ordered phase), the estimate has failed: error = naive_error (an upper
// bound for anticorrelated data), tau_int = 1/2, window_found = false.
//
// Derived quantities F = f(A_1..A_n): the gradient f_alpha is taken at the means
// by central differences with step h_alpha = sqrt(Gamma_alpha(0)/N)/4 (zero where
// a primary does not fluctuate), the primaries are projected onto the
// linearisation a_f = sum_alpha f_alpha (a_alpha - abb_alpha), and that
// series goes through the same analysis. value = f(global means) (no replica
// bias correction). Constant data give error 0, tau_int 0.5, W 0 (no NaN).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace bbg {

struct GammaResult {
  double value = 0.0, error = 0.0, naive_error = 0.0, tau_int = 0.5, tau_int_error = 0.0;
  int64_t window = 0;
  int64_t n = 0;  // total number of draws N
  bool window_found = true;
};

// chains[r][i]: replica r, draw i. Throws std::invalid_argument on no replica, a
// replica with fewer than 2 draws, or s_tau < 0.
GammaResult gamma_method(const std::vector<std::vector<double>>& chains, double s_tau = 1.5);

// primaries[alpha][r][i]: primary alpha, replica r, draw i (all primaries share
// the replica lengths). f maps the vector of means to the derived quantity.
GammaResult gamma_method_derived(const std::vector<std::vector<std::vector<double>>>& primaries,
                                 const std::function<double(const std::vector<double>&)>& f,
                                 double s_tau = 1.5);

// The linearised series of a derived quantity, [r][i] = sum_alpha f_alpha
// (a_alpha,i^r - abb_alpha), with the gradient described above.
std::vector<std::vector<double>> linearized_series(
    const std::vector<std::vector<std::vector<double>>>& primaries,
    const std::function<double(const std::vector<double>&)>& f);

// p[t] = sum_{i=0}^{n-1-t} x[i] x[i+t] for t = 0..max_lag (max_lag <= n - 1);
// direct sums for few lags, a zero-padded FFT otherwise.
std::vector<double> lagged_products(const std::vector<double>& x, int64_t max_lag);

}  // namespace bbg
