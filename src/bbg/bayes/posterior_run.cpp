#include "bbg/bayes/posterior_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "bbg/bayes/draw_evaluator.hpp"
#include "bbg/bayes/posterior_kernels.hpp"
#include "bbg/bayes/posterior_problem.hpp"
#include "bbg/bayes/recording_chains.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/sampler/adam.hpp"
#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/kernel_chains.hpp"

namespace bbg::bayes {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// One chain's potential on its own fresh network.
std::shared_ptr<WeightPotential> chain_potential(const PosteriorProblem& problem, const PosteriorSettings& s,
                                                 int64_t batch_size, bool independent_batches) {
  const torch::nn::AnyModule net = problem.make_network();
  WeightPotentialSettings ws;
  ws.batch_size = batch_size;
  ws.temperature = s.temperature;
  // The penalty test needs independent minibatch estimates (disjoint batches of one
  // epoch are negatively correlated: sampler/penalty.hpp).
  ws.independent_batches = independent_batches;
  return std::make_shared<WeightPotential>(net, problem.train_inputs, problem.train_targets, problem.likelihood,
                                           problem.make_prior(layout_of(*net.ptr())), ws);
}

// A draw from the prior, the Gaussian tensors' widths scaled by init_scale:
// theta_j ~ N(0, (init_scale s_k)^2); a half-normal log-scale tensor gets
// theta_j = log |N(0, s_k^2)| (exactly its prior).
std::vector<double> prior_draw(const GaussianPrior& prior, double init_scale, Rng& rng) {
  std::vector<double> q(static_cast<size_t>(prior.size()));
  const auto& tensors = prior.layout().tensors;
  for (size_t k = 0; k < tensors.size(); ++k)
    for (int64_t j = 0; j < tensors[k].numel; ++j) {
      const double z = rng.normal();
      q[tensors[k].offset + j] = prior.kinds()[k] == TensorPriorKind::kHalfNormalLogScale
                                     ? std::log(std::max(std::abs(prior.scales()[k] * z), 1e-300))
                                     : init_scale * prior.scales()[k] * z;
    }
  return q;
}

struct Start {
  std::vector<double> q;
  int64_t gradient_evaluations = 0;
};

// The initial positions, one stream per chain (independent of the thread count):
// a prior draw, then (init = map, or an ensemble member) Adam on the chain's U.
std::vector<Start> starts(const PosteriorProblem& problem, const GaussianPrior& prior, const PosteriorSettings& s,
                          int64_t batch_size, bool independent_batches, bool minimise, const AdamSettings& adam,
                          std::vector<std::shared_ptr<WeightPotential>>& potentials) {
  std::vector<Start> out(static_cast<size_t>(s.chains));
  potentials.resize(static_cast<size_t>(s.chains));
  for (int64_t c = 0; c < s.chains; ++c) potentials[c] = chain_potential(problem, s, batch_size, independent_batches);
  parallel_for_each(s.chains, [&](int64_t c) {
    Rng rng(s.seed ^ 0x5DEECE66DULL, static_cast<uint64_t>(c));
    out[c].q = prior_draw(prior, s.init_scale, rng);
    if (minimise) out[c].gradient_evaluations = minimise_adam(*potentials[c], out[c].q, adam, rng).gradient_evaluations;
  });
  return out;
}

void fill_layout(PosteriorRunResult& r, const DrawEvaluator& ev, const PosteriorSettings& s, int64_t parameters) {
  r.chains = s.chains;
  r.record_size = ev.record_size();
  r.held_out = ev.held_out_points();
  r.outputs = ev.outputs();
  r.mean_offset = ev.mean_offset();
  r.variance_offset = ev.variance_offset();
  r.held_out_log_likelihood_offset = ev.held_out_log_likelihood_offset();
  r.parameters = parameters;
  r.weight_thin = s.weight_thin;
}

}  // namespace

PosteriorRunResult run_posterior_sampler(const PosteriorProblem& problem, const PosteriorSettings& s,
                                         const std::string& sampler, const std::string& checkpoint, bool progress) {
  const torch::nn::AnyModule eval_net = problem.make_network();
  const GaussianPrior prior = problem.make_prior(layout_of(*eval_net.ptr()));
  const DrawEvaluator evaluator(eval_net, problem.train_inputs, problem.train_targets, problem.held_inputs,
                                problem.held_targets, problem.likelihood, prior);
  PosteriorRunResult r;
  r.sampler = sampler;
  r.data_size = problem.train_inputs.size(0);
  r.batch_size = uses_minibatches(sampler) && s.batch_size > 0 ? s.batch_size : r.data_size;
  if (r.batch_size > r.data_size)
    throw ConfigError("bayes.batch_size", std::to_string(s.batch_size),
                      "must be <= the number of training rows (" + std::to_string(r.data_size) + ")");

  const bool ensemble = sampler == "ensemble";
  AdamSettings adam;
  adam.steps = ensemble ? s.ensemble_steps : s.map_steps;
  adam.learning_rate = ensemble ? s.ensemble_learning_rate : s.map_learning_rate;
  const auto init_start = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<WeightPotential>> potentials;
  std::vector<Start> start = starts(problem, prior, s, r.batch_size, sampler.rfind("penalty", 0) == 0,
                                    ensemble || s.init == "map", adam, potentials);
  r.init_seconds = seconds_since(init_start);
  for (const auto& st : start) r.init_gradient_evaluations += st.gradient_evaluations;
  fill_layout(r, evaluator, s, potentials.front()->size());

  if (ensemble) {  // one draw per chain: the member's minimum
    r.adjusted = false;
    r.draws = 1;
    r.records.assign(s.chains, std::vector<double>(r.record_size));
    r.weights.resize(s.chains);
    for (int64_t c = 0; c < s.chains; ++c) {
      evaluator.evaluate(start[c].q.data(), r.records[c].data());
      r.weights[c] = start[c].q;
    }
    r.gradient_evaluations = r.init_gradient_evaluations;
    r.init_gradient_evaluations = 0;
    r.seconds = r.init_seconds;
    r.init_seconds = 0.0;
    return r;
  }

  std::vector<std::shared_ptr<Potential>> chain_potentials(potentials.begin(), potentials.end());
  std::vector<std::vector<double>> positions;
  for (auto& st : start) positions.push_back(std::move(st.q));
  run_weight_chains(chain_potentials, positions, evaluator, s, sampler, checkpoint, progress, r);
  return r;
}

void run_weight_chains(const std::vector<std::shared_ptr<Potential>>& potentials,
                       const std::vector<std::vector<double>>& starts, const DrawRecorder& recorder,
                       const PosteriorSettings& s, const std::string& sampler, const std::string& checkpoint,
                       bool progress, PosteriorRunResult& r) {
  if (static_cast<int64_t>(potentials.size()) != s.chains || static_cast<int64_t>(starts.size()) != s.chains)
    throw std::invalid_argument("run_weight_chains: one potential and one start per chain");
  KernelChains chains(s.chains, s.warmup, s.seed, [&](int64_t c, Rng& rng) {
    ChainParts parts;
    parts.kernel = make_posterior_kernel(sampler, s, *potentials[c], starts[c], rng);
    parts.potential = potentials[c];
    return parts;
  });
  RecordingChains recording(chains, recorder, s.weight_thin);
  DriverSettings ds;
  ds.warmup = s.warmup;
  ds.samples = s.samples;
  ds.thin = s.thin;
  ds.label = sampler;
  ds.progress = progress;
  ds.checkpoint = checkpoint;
  ds.block = std::max<int64_t>(1, std::min<int64_t>(s.samples, 250));
  const DriverTimes times = run_chains(recording, ds, [&](int64_t first, int64_t count, const std::vector<double>& d) {
    recording.record(first, count, d);
  });
  r.warmup_seconds = times.warmup_seconds;
  r.seconds = times.seconds;
  r.adjusted = chains.kernel(0).adjusted();
  r.draws = recording.draws();
  r.records = recording.records();
  r.weights = recording.weights();
  std::vector<std::pair<std::string, double>> tuned;
  for (int64_t c = 0; c < s.chains; ++c) {
    const ChainCounters& k = chains.chain(c).counters;
    r.transitions += k.transitions;
    r.accepted += k.accepted;
    r.acceptance_statistic_sum += k.acceptance_statistic_sum;
    r.gradient_evaluations += k.gradient_evaluations;
    r.value_evaluations += k.value_evaluations;
    r.warmup_gradient_evaluations += k.warmup_gradient_evaluations;
    const auto t = chains.kernel(c).tuned();
    if (c == 0)
      tuned.assign(t.begin(), t.end()), std::for_each(tuned.begin(), tuned.end(), [](auto& p) { p.second = 0; });
    for (size_t i = 0; i < t.size() && i < tuned.size(); ++i) tuned[i].second += t[i].second / s.chains;
  }
  r.tuned = tuned;
}

PosteriorInput posterior_input(const PosteriorRunResult& r, const PosteriorProblem& problem, double band) {
  PosteriorInput in;
  in.records = r.records;
  in.record_size = r.record_size;
  in.held_out = r.held_out;
  in.outputs = r.outputs;
  in.mean_offset = r.mean_offset;
  in.variance_offset = r.variance_offset;
  in.held_out_log_likelihood_offset = r.held_out_log_likelihood_offset;
  const at::Tensor y = problem.held_targets.to(torch::kDouble).contiguous();
  in.held_targets.assign(y.data_ptr<double>(), y.data_ptr<double>() + y.numel());
  in.kind = problem.kind;
  in.band = band;
  return in;
}

}  // namespace bbg::bayes
