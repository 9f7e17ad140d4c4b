// Reliability checks on a model's estimates, from diagnostics every run already has.
//
// Each check compares a diagnostic with what an honest error bar needs and, when
// it fails, says what the numbers then mean and which table columns it affects:
//
// - mode dropping (Nicoli et al., PRD 108, 114501): w_bar = Z_q / Z_p.
//   Distances from 1 are counted in errors of ln w_bar (the estimator works in log
//   space; near 1 the same as errors of w_bar, but it stays meaningful when w_bar is
//   far from 1 and its linear error is w_bar times larger).
//   w_bar more than 4 errors below 1: q misses about m = 1 - w_bar of p's mass, so
//   NIS and NMCMC average only over the modes q covers and ln Z_hat is short by
//   about -ln w_bar (the Ising Z2 case: one of two modes, -ln(1/2) = ln 2).
//   w_bar more than 4 errors above 1: the reference side is wrong, not q: 1/Z_p is
//   under-estimated because the reference samples are q's training data (q is too
//   high there), the reference is not in equilibrium or broken, or too few chains
//   visit every region where q e^S is large.
// - forward ESS (N / (E_p[w] E_p[1/w]) on the reference samples) below
//   kMinEffectiveSamples effective samples: q and p barely overlap seen from p, the
//   variance of 1/w is badly estimated and so are the errors of w_bar, NIS and NMCMC.
// - NIS ESS below kMinEffectiveSamples (Owen, Monte Carlo theory, 2013, ch. 9).
// - NMCMC: fewer than kMinEffectiveSamples accepted proposals, or a rejection run
//   longer than 1/kMinChainOverRejectionRun of the chain: then tau_int is of the
//   order of that run and the chain is too short for the Gamma method's window
//   (Wolff 2004 asks for N >> tau_int), so the NMCMC errors are not reliable.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bbg {

inline constexpr double kMinEffectiveSamples = 100.0;
inline constexpr double kModeDroppingSigmas = 4.0;
inline constexpr double kMinChainOverRejectionRun = 50.0;

struct ReliabilityInput {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double nis_ess = kNaN;                 // absolute ESS of the NIS weights
  double nmcmc_acceptance = kNaN;
  int64_t nmcmc_samples = 0;
  int64_t nmcmc_longest_rejection_run = 0;
  bool has_reference = false;            // the rest needs reference (p) samples
  double w_bar = kNaN, w_bar_error = kNaN;
  double log_w_bar_error = kNaN;         // error of ln w_bar (the estimator's own, delta method)
  double forward_ess_per_sample = kNaN;
  int64_t reference_samples = 0;
  bool reference_is_training_data = false;
};

struct ReliabilityWarning {
  std::string code;                      // nis_ess | mode_dropping_low | mode_dropping_high | forward_ess | nmcmc
  std::string message;                   // a full sentence for the terminal and summary.json
  std::vector<std::string> columns;      // affected table columns: nis, nmcmc, mode_dropping
};

std::vector<ReliabilityWarning> assess_reliability(const ReliabilityInput& in);

}  // namespace bbg
