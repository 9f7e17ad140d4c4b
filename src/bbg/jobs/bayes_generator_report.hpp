// The summary ("bayes") and the terminal table of the Bayesian-generator part of
// `bbg run` (docs/bayesian_generators.md): for each set of K models (posterior draws of
// one posterior and sampler, or the deep ensemble) and each quantity (public
// observables, ln Z, F/V):
//   (a) the plain estimates per draw, their spread and bias against the reference;
//   (b) NIS and NMCMC per draw with their Monte Carlo errors and the chi-square of their
//       agreement (estimate/consistency.hpp), also against the exact value when known;
//   (c) q_bar's NIS and NMCMC, ESS, acceptance and w_bar against the single network;
//   (d) the aleatoric / epistemic split of a plain estimate (estimate/epistemic_split.hpp);
//   (e) the cost of the draws and the K-fold cost of q_bar per sample.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "bbg/bayes/draw_set_analysis.hpp"
#include "bbg/bayes/posterior_run.hpp"

namespace bbg {

class Target;

struct DrawSetReport {
  std::string label;  // "data/sghmc", "variational/sghmc", "ensemble"
  const bayes::DrawSetAnalysis* analysis = nullptr;
  const bayes::PosteriorRunResult* chains = nullptr;  // the weight chains (null for the ensemble)
  std::vector<std::string> record_names;              // of the chains' records (generator_posterior.hpp)
  nlohmann::json settings;                            // what the set was made with
  double make_seconds = 0.0;                          // chains (warm-up included) or trainings
};

// references: quantity -> {"value", "error", "source"} (exact, or the reference MCMC).
nlohmann::json draw_set_json(const DrawSetReport& set, const Target& target, const bayes::DrawEstimates& single,
                             const nlohmann::json& references);

// The public quantities in table order: observables, then "ln Z" and "F/V".
std::vector<std::string> bayes_quantities(const Target& target);

// One table per draw set from summary["bayes"], then the sampler-quality lines and warnings.
void print_bayes_tables(std::ostream& os, const nlohmann::json& bayes);

}  // namespace bbg
