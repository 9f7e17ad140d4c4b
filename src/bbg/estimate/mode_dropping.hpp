// Mode-dropping estimator: does the model q cover all of p?
//
// K. A. Nicoli, C. J. Anders, T. Hartung, K. Jansen, P. Kessel, S. Nakajima,
// "Detecting and mitigating mode-collapse for flow-based sampling of lattice field
// theories", PRD 108 (2023) 114501; docs/architecture.md, "Formulas".
//
// With lw = -S - log q:
//     Z_hat_q   = mean over x ~ q of exp(lw)          (NIS, ln Z_hat_q given as an Estimate)
//     1/Z_hat_p = mean over x ~ p of exp(-lw) = mean_p(q(x) e^{S(x)}),
// both unbiased for Z (resp. 1/Z) when q > 0 wherever p > 0. If q misses a region of
// p, Z_hat_q only sees the covered mass Z (1 - m) (in practice), while the p-side
// mean stays 1/Z, so
//     w_bar = Z_hat_q / Z_hat_p ~ 1 - m:   w_bar ~ 1 when q covers p, w_bar < 1 flags
// the missing mass m. Computed in log space, ln w_bar = ln Z_hat_q + ln mean_p(e^{-lw}).
// The p-side draws may come in several autocorrelated chains (e.g. HMC): the error of
// mean_p(e^{-lw - c}), c = max(-lw), is taken from Wolff's Gamma method with the chains
// as replicas (gamma_method.hpp), turned into an error of the log by the delta method,
// and added in quadrature to the error of ln Z_hat_q (independent samples):
//     log_error^2 = err(ln Z_hat_q)^2 + (err(ybar)/ybar)^2,   error = w_bar log_error.
// The value is not bias-corrected.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include "bbg/estimate/importance.hpp"

namespace bbg {

struct ModeDroppingResult {
  double value = std::numeric_limits<double>::quiet_NaN();      // w_bar
  double error = std::numeric_limits<double>::quiet_NaN();
  double log_value = std::numeric_limits<double>::quiet_NaN();  // ln w_bar
  double log_error = std::numeric_limits<double>::quiet_NaN();
  double log_z_p = std::numeric_limits<double>::quiet_NaN();    // ln Z_hat_p = -ln mean_p(e^{-lw})
  double log_z_p_error = std::numeric_limits<double>::quiet_NaN();
  double tau_int = std::numeric_limits<double>::quiet_NaN();    // of e^{-lw} along the p chains
  int64_t p_samples = 0;
};

// log_z_q: e.g. NisResult::log_z or log_z_from_log_weights(lw on q draws).
// log_weights_on_p_chains[c][t]: lw = -S - log q on draw t of p chain c (each chain
// >= 2 draws). lw = +inf (q = 0 at a p draw) is allowed and counts as mass q misses.
// Throws std::invalid_argument on no chain, a chain shorter than 2, a NaN or -inf
// log weight, or a non-finite log_z_q.value. When every p draw has lw = +inf,
// w_bar = 0 with NaN errors.
ModeDroppingResult mode_dropping(const Estimate& log_z_q,
                                 const std::vector<std::vector<double>>& log_weights_on_p_chains);

}  // namespace bbg
