#include "bbg/estimate/reliability.hpp"

#include <cmath>
#include <cstdio>

namespace bbg {
namespace {

template <typename... Args>
std::string format(const char* pattern, Args... args) {
  char buf[768];
  std::snprintf(buf, sizeof buf, pattern, args...);
  return buf;
}

void check_nis_ess(const ReliabilityInput& in, std::vector<ReliabilityWarning>& out) {
  if (in.nis_ess >= kMinEffectiveSamples) return;
  out.push_back({"nis_ess",
                 format("NIS effective sample size ESS = %.3g (< %.0f): a few weights dominate, the NIS errors are "
                        "not reliable; train longer or compare with the NMCMC numbers",
                        in.nis_ess, kMinEffectiveSamples),
                 {"nis"}});
}

void check_mode_dropping(const ReliabilityInput& in, std::vector<ReliabilityWarning>& out) {
  if (!in.has_reference || std::isnan(in.w_bar)) return;
  const double w = in.w_bar, err = in.w_bar_error, log_err = in.log_w_bar_error;
  if (w == 0.0) {
    out.push_back({"mode_dropping_low",
                   "mode dropping: w_bar = Z_q/Z_p = 0: q is zero at every reference sample, so NIS and NMCMC "
                   "see none of the mass of p; their estimates (ln Z included) say nothing about p",
                   {"nis", "nmcmc"}});
    return;
  }
  if (!(log_err > 0)) return;
  const double sigmas = std::log(w) / log_err;
  if (sigmas < -kModeDroppingSigmas) {
    out.push_back({"mode_dropping_low",
                   format("mode dropping: w_bar = Z_q/Z_p = %.3g +- %.2g lies %.0f errors (of ln w_bar) below 1: q misses about "
                          "%.0f%% of the probability mass, so NIS and NMCMC average only over the modes q covers "
                          "and the NIS ln Z is short by about -ln w_bar = %.3g; their error bars do not contain "
                          "this bias. Symmetrise the model (model.z2 = true) on a Z2-symmetric target, anneal, or "
                          "train longer",
                          w, err, -sigmas, 100.0 * (1.0 - w), -std::log(w)),
                   {"nis", "nmcmc"}});
  } else if (sigmas > kModeDroppingSigmas) {
    const std::string cause =
        in.reference_is_training_data
            ? "the reference samples are the model's forward-KL training data, where q is too high (set "
              "train.holdout > 0)"
            : "the reference chains are not in equilibrium or are broken, or too few reference chains visit every "
              "region where q exp(S) is large (add chains or samples to the reference sampler)";
    out.push_back({"mode_dropping_high",
                   format("mode dropping: w_bar = Z_q/Z_p = %.3g +- %.2g lies %.0f errors (of ln w_bar) above 1, which no "
                          "model q can cause: the reference estimate of 1/Z_p is too small; most likely %s. "
                          "w_bar and the forward ESS are not a usable check of q in this run",
                          w, err, sigmas, cause.c_str()),
                   {"mode_dropping"}});
  }
}

void check_forward_ess(const ReliabilityInput& in, std::vector<ReliabilityWarning>& out) {
  if (!in.has_reference || in.reference_samples <= 0 || std::isnan(in.forward_ess_per_sample)) return;
  const double ess = in.forward_ess_per_sample * static_cast<double>(in.reference_samples);
  if (ess >= kMinEffectiveSamples) return;
  out.push_back({"forward_ess",
                 format("forward ESS = %.3g effective of %lld reference samples (< %.0f): seen from p, q and p "
                        "barely overlap, so the variance of the weights is badly estimated and the errors of "
                        "w_bar, NIS and NMCMC cannot be trusted even where the NIS ESS looks large",
                        ess, static_cast<long long>(in.reference_samples), kMinEffectiveSamples),
                 {"nis", "nmcmc", "mode_dropping"}});
}

void check_nmcmc(const ReliabilityInput& in, std::vector<ReliabilityWarning>& out) {
  if (in.nmcmc_samples <= 0 || std::isnan(in.nmcmc_acceptance)) return;
  const double n = static_cast<double>(in.nmcmc_samples);
  const double accepted = in.nmcmc_acceptance * n;
  const bool few_accepted = accepted < kMinEffectiveSamples;
  const bool stuck = static_cast<double>(in.nmcmc_longest_rejection_run) * kMinChainOverRejectionRun > n;
  if (!few_accepted && !stuck) return;
  std::string why;
  if (few_accepted)
    why = format("only %.0f of %lld proposals were accepted (acceptance %.3g, < %.0f accepted)", accepted,
                 static_cast<long long>(in.nmcmc_samples), in.nmcmc_acceptance, kMinEffectiveSamples);
  if (stuck)
    why += std::string(why.empty() ? "" : "; ") +
           format("the chain stayed on one configuration for %lld steps, more than 1/%.0f of its %lld",
                  static_cast<long long>(in.nmcmc_longest_rejection_run), kMinChainOverRejectionRun,
                  static_cast<long long>(in.nmcmc_samples));
  out.push_back({"nmcmc",
                 "NMCMC: " + why +
                     ": tau_int is of the order of the longest stuck run, the chain is too short for the Gamma "
                     "method and the NMCMC errors are not reliable; train longer or draw more samples",
                 {"nmcmc"}});
}

}  // namespace

std::vector<ReliabilityWarning> assess_reliability(const ReliabilityInput& in) {
  std::vector<ReliabilityWarning> out;
  check_nis_ess(in, out);
  check_mode_dropping(in, out);
  check_forward_ess(in, out);
  check_nmcmc(in, out);
  return out;
}

}  // namespace bbg
