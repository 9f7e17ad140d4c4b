// One sampler's run on a PosteriorProblem: per-chain weight potentials (own module,
// own minibatch stream), the initial positions (prior draws, optionally each moved
// to a maximum a posteriori point by Adam), KernelChains under run_chains with
// warm-up, thinning, checkpoint and exact resume, and the records of every draw
// (draw_evaluator.hpp). The deep ensemble is the same output with one draw per
// chain: each chain's Adam minimum of U from its own prior draw.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bbg/bayes/posterior_analysis.hpp"
#include "bbg/bayes/posterior_settings.hpp"

namespace bbg {
class Potential;
}

namespace bbg::bayes {

class DrawRecorder;
struct PosteriorProblem;

struct PosteriorRunResult {
  std::string sampler;
  bool adjusted = false;  // every transition has a Metropolis test
  int64_t chains = 0, draws = 0, record_size = 0, parameters = 0;
  int64_t held_out = 0, outputs = 0, mean_offset = 0, variance_offset = 0, held_out_log_likelihood_offset = 0;
  std::vector<std::vector<double>> records;  // [chain] -> draws x record_size
  std::vector<std::vector<double>> weights;  // [chain] -> thinned draws x parameters
  int64_t weight_thin = 1;
  // Sampling-phase totals over chains, and the cost before it.
  int64_t transitions = 0, accepted = 0, gradient_evaluations = 0, value_evaluations = 0;
  double acceptance_statistic_sum = 0.0;
  int64_t warmup_gradient_evaluations = 0, init_gradient_evaluations = 0;
  int64_t data_size = 0, batch_size = 0;
  double init_seconds = 0.0, warmup_seconds = 0.0, seconds = 0.0;
  // The kernels' tuned settings, averaged over chains.
  std::vector<std::pair<std::string, double>> tuned;
};

// checkpoint: path of the run's checkpoint ("" for none); an existing one is resumed.
PosteriorRunResult run_posterior_sampler(const PosteriorProblem& problem, const PosteriorSettings& settings,
                                         const std::string& sampler, const std::string& checkpoint, bool progress);

// The sampler part of every weight posterior (networks here, density models in
// generator_posterior.hpp): chain c runs make_posterior_kernel(sampler) on its own
// potentials[c] from starts[c], RecordingChains keeps recorder's record of every stored
// draw and every weight_thin-th theta, under run_chains (warm-up, thinning, atomic
// checkpoint, exact resume). Fills the sampler fields of r: adjusted, draws, records,
// weights, counters, times and the tuned settings averaged over chains.
void run_weight_chains(const std::vector<std::shared_ptr<Potential>>& potentials,
                       const std::vector<std::vector<double>>& starts, const DrawRecorder& recorder,
                       const PosteriorSettings& s, const std::string& sampler, const std::string& checkpoint,
                       bool progress, PosteriorRunResult& r);

// The run's records as the input of analyse_posterior (held-out targets from the problem).
PosteriorInput posterior_input(const PosteriorRunResult& result, const PosteriorProblem& problem, double band = 0.9);

}  // namespace bbg::bayes
