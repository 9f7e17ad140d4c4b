#include "bbg/surrogate/surrogate_study.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "bbg/core/interrupt.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/estimate/epistemic_split.hpp"
#include "bbg/surrogate/binary_flip_chain.hpp"
#include "bbg/surrogate/conjugate_linear.hpp"
#include "bbg/surrogate/falicov_kimball_exact_flip.hpp"
#include "bbg/surrogate/generative_proposal.hpp"
#include "bbg/surrogate/lattice_features.hpp"
#include "bbg/surrogate/linear_surrogate.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct Problem {
  const Target& target;
  int64_t length;
  LatticeFeatures features;
};

double exact_energy(const Target& target, int64_t length, const std::vector<double>& s) {
  at::Tensor x = at::from_blob(const_cast<double*>(s.data()), {1, length, length}, at::kDouble);
  return target.action(x).item<double>();
}

std::vector<double> row(const at::Tensor& configurations, int64_t i) {
  const at::Tensor c = configurations[i].to(at::kDouble).contiguous().flatten();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// The labelled configurations: an equal share of the n training rows from each pool (this
// temperature's from the first half of a random order, whose second half is the test set),
// labels the target's action, centred on the training mean.
struct Labelled {
  at::Tensor train_x, test_x;  // [n, L, L], [m, L, L] doubles
  std::vector<double> train_y, test_y;
  double mean_y = 0.0;
  int64_t pools = 1;
};

std::vector<int64_t> shuffled(int64_t m, Rng& rng) {
  std::vector<int64_t> order(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) order[i] = i;
  for (int64_t i = m - 1; i > 0; --i) std::swap(order[i], order[rng.below(static_cast<uint64_t>(i + 1))]);
  return order;
}

std::vector<double> labels(const Target& target, const at::Tensor& x) {
  const at::Tensor e = target.action(x).to(at::kDouble).contiguous();
  return std::vector<double>(e.data_ptr<double>(), e.data_ptr<double>() + e.numel());
}

Labelled label(const Problem& pb, const SurrogateSettings& s, const at::Tensor& pool,
               const std::vector<at::Tensor>& others, Rng& rng) {
  const int64_t m = pool.size(0);
  const std::vector<int64_t> order = shuffled(m, rng);
  const int64_t n = std::min(s.train_configurations, m / 2), n_test = std::min(n, m - n);
  if (n < 2) throw std::invalid_argument("surrogate: need at least 4 reference configurations");
  Labelled d;
  d.pools = 1 + static_cast<int64_t>(others.size());
  const int64_t share = n / d.pools, own = n - share * (d.pools - 1);
  auto rows = [](const at::Tensor& from, const std::vector<int64_t>& idx, int64_t first, int64_t count) {
    std::vector<int64_t> pick(idx.begin() + first, idx.begin() + first + count);
    return from.index_select(0, at::tensor(pick, at::kLong)).to(at::kDouble).contiguous();
  };
  std::vector<at::Tensor> parts = {rows(pool, order, 0, own)};
  for (const at::Tensor& other : others) {
    if (other.size(0) < share)
      throw std::invalid_argument("surrogate: a pool of another temperature has " + std::to_string(other.size(0)) +
                                  " configurations, fewer than its share " + std::to_string(share));
    parts.push_back(rows(other, shuffled(other.size(0), rng), 0, share));
  }
  d.train_x = at::cat(parts, 0).contiguous();
  d.test_x = rows(pool, order, n, n_test);
  d.train_y = labels(pb.target, d.train_x);
  d.test_y = labels(pb.target, d.test_x);
  // Centre the labels: the action is extensive (hundreds in units of 1 on 8x8), far outside
  // any sensible prior on the constant E0; its mean goes into the fit exactly instead, and
  // only deviations from it meet the prior. Flip differences do not see the constant.
  for (double v : d.train_y) d.mean_y += v / static_cast<double>(n);
  for (double& v : d.train_y) v -= d.mean_y;
  for (double& v : d.test_y) v -= d.mean_y;
  return d;
}

// The conjugate fit with sigma maximising the evidence on a log grid, and its test errors.
struct Fitted {
  SurrogateFit report;
  std::shared_ptr<const ConjugateLinearPosterior> posterior;
};

Fitted fit_linear(const Problem& pb, const SurrogateSettings& s, const Labelled& d) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t p = pb.features.size(), sites = pb.length * pb.length;
  auto features = [&](const at::Tensor& x) {
    std::vector<double> phi(static_cast<size_t>(x.size(0) * p));
    for (int64_t i = 0; i < x.size(0); ++i) pb.features.features(x.data_ptr<double>() + i * sites, phi.data() + i * p);
    return phi;
  };
  const std::vector<double> phi = features(d.train_x), phi_test = features(d.test_x);
  const std::vector<double>& y = d.train_y;
  double var_y = 0.0;
  for (double v : y) var_y += v * v / static_cast<double>(y.size());
  const double scale = std::sqrt(std::max(var_y, 1e-300));
  std::shared_ptr<const ConjugateLinearPosterior> best;
  for (int g = 0; g <= 30; ++g) {  // sigma from 1e-5 to 1e1 times the spread of the labels
    const double sigma = scale * std::pow(10.0, -5.0 + 6.0 * g / 30.0);
    auto post = std::make_shared<ConjugateLinearPosterior>(phi, y, p, std::vector<double>{s.prior_scale}, sigma);
    if (!best || post->log_evidence() > best->log_evidence()) best = std::move(post);
  }
  const ConjugateLinearPosterior& post = *best;
  Fitted out;
  out.posterior = best;
  SurrogateFit& r = out.report;
  r.feature_names = pb.features.names();
  r.mean = post.mean();
  r.mean[0] += d.mean_y;  // E0 includes the centring
  for (int64_t j = 0; j < p; ++j) r.sd.push_back(std::sqrt(post.covariance()[j * p + j]));
  r.noise_sigma = post.noise_sigma();
  r.log_evidence = post.log_evidence();
  r.data = static_cast<int64_t>(y.size());
  auto rmse = [&](const std::vector<double>& ph, const std::vector<double>& yy) {
    double ss = 0.0;
    for (size_t i = 0; i < yy.size(); ++i) ss += std::pow(post.predictive_mean(ph.data() + i * p) - yy[i], 2);
    return yy.empty() ? std::nan("") : std::sqrt(ss / static_cast<double>(yy.size()));
  };
  r.train_rmse = rmse(phi, y);
  r.holdout_rmse = rmse(phi_test, d.test_y);
  r.seconds = seconds_since(start);
  return out;
}

// Stores every `thin`-th configuration after warm-up; runs one chain.
struct ChainOutput {
  std::vector<double> configurations;  // sweeps x sites
  FlipChainCounters counters;
};

ChainOutput run_chain(BinaryFlipChain& chain, const SurrogateSettings& s, bool cumulative, int64_t inner) {
  ChainOutput out;
  auto advance = [&] {
    if (cumulative)
      chain.cumulative_step(inner);
    else
      chain.sweep();
  };
  for (int64_t t = 0; t < s.warmup; ++t) advance();
  const FlipChainCounters before = chain.counters();
  for (int64_t t = 0; t < s.sweeps; ++t) {
    for (int64_t k = 0; k < s.thin; ++k) advance();
    out.configurations.insert(out.configurations.end(), chain.spins().begin(), chain.spins().end());
    if (interrupt_requested()) throw Interrupted("interrupted in the surrogate Monte Carlo; no result was written");
  }
  const FlipChainCounters& after = chain.counters();
  out.counters.proposals = after.proposals - before.proposals;
  out.counters.accepted = after.accepted - before.accepted;
  out.counters.exact_evaluations = after.exact_evaluations;  // warm-up included: it is paid too
  out.counters.blocks = after.blocks - before.blocks;
  out.counters.blocks_accepted = after.blocks_accepted - before.blocks_accepted;
  return out;
}

// Per-chain series of every primary, in the target's order.
std::vector<std::vector<std::vector<double>>> measure(const Problem& pb, const std::vector<ChainOutput>& chains) {
  const int64_t sites = pb.length * pb.length;
  const size_t k = pb.target.primaries().size();
  std::vector<std::vector<std::vector<double>>> series(k, std::vector<std::vector<double>>(chains.size()));
  for (size_t c = 0; c < chains.size(); ++c) {
    const int64_t t = static_cast<int64_t>(chains[c].configurations.size()) / sites;
    const at::Tensor x =
        at::from_blob(const_cast<double*>(chains[c].configurations.data()), {t, pb.length, pb.length}, at::kDouble)
            .clone();
    const Observables obs = pb.target.measure(x);
    for (size_t a = 0; a < k; ++a) {
      const at::Tensor v = obs[a].second.to(at::kDouble).contiguous();
      series[a][c].assign(v.data_ptr<double>(), v.data_ptr<double>() + t);
    }
  }
  return series;
}

// The public primaries, then the derived quantities: each a function of primaries'
// per-chain series (summarize for a primary, summarize_derived for a derived one).
struct Quantity {
  std::string name;
  std::function<ObservableStats(const std::vector<std::vector<std::vector<double>>>&)> stats;
};

std::vector<Quantity> quantities(const Target& target) {
  std::vector<Quantity> q;
  const auto primaries = target.primaries();
  for (size_t a = 0; a < primaries.size(); ++a)
    if (!primaries[a].internal)
      q.push_back({primaries[a].name, [a](const auto& series) { return summarize(series[a]); }});
  for (const auto& d : target.derived()) {
    std::vector<size_t> index;
    for (const auto& in : d.inputs)
      for (size_t a = 0; a < primaries.size(); ++a)
        if (primaries[a].name == in) index.push_back(a);
    if (index.size() != d.inputs.size()) continue;
    q.push_back({d.name, [index, f = d.f](const auto& series) {
                   std::vector<std::vector<std::vector<double>>> inputs;
                   for (size_t a : index) inputs.push_back(series[a]);
                   return summarize_derived(inputs, f);
                 }});
  }
  return q;
}

// The observables of a method's stored configurations (aleatoric errors; per_draw: one chain
// per draw, the spread across them epistemic), into mr.
void measure_into(const Problem& pb, const std::vector<ChainOutput>& outputs, bool per_draw, MethodResult& mr) {
  const int64_t n_chains = static_cast<int64_t>(outputs.size());
  const int64_t sites = pb.length * pb.length;
  const auto series = measure(pb, outputs);
  mr.measured_configurations = 0;
  for (const ChainOutput& o : outputs)
    mr.measured_configurations += static_cast<int64_t>(o.configurations.size()) / sites;
  for (const Quantity& q : quantities(pb.target)) {
    MethodObservable o;
    o.name = q.name;
    if (per_draw) {  // one chain per draw: the spread across draws is epistemic
      std::vector<double> v, e;
      for (int64_t c = 0; c < n_chains; ++c) {
        std::vector<std::vector<std::vector<double>>> one(series.size());
        for (size_t a = 0; a < series.size(); ++a) one[a] = {series[a][c]};
        const ObservableStats st = q.stats(one);
        v.push_back(st.value);
        e.push_back(st.error);
      }
      const EpistemicSplit sp = epistemic_split(v, e);
      o.value = sp.mean;
      o.error = sp.sd_aleatoric / std::sqrt(static_cast<double>(v.size()));
      o.epistemic = sp.sd_epistemic;
    } else {
      const ObservableStats st = q.stats(series);
      o.value = st.value;
      o.error = st.error;
      o.tau_int = st.tau_int;
    }
    mr.observables.push_back(o);
  }
  if (!mr.observables.empty() && !per_draw)
    mr.effective_samples = static_cast<double>(mr.measured_configurations) / (2.0 * mr.observables.front().tau_int);
}

// The generative independence proposal (generative_proposal.hpp), trained on the pool.
MethodResult run_generative(const Problem& pb, const SurrogateSettings& s, const at::Tensor& pool) {
  const auto start = std::chrono::steady_clock::now();
  GenerativeProposalSettings g;
  g.model = s.generative_model;
  g.hidden = s.generative_hidden;
  g.train_steps = s.generative_train_steps;
  g.proposals_per_sweep = s.generative_proposals_per_sweep;
  g.chains = s.chains;
  g.warmup = s.warmup;
  g.sweeps = s.sweeps;
  g.seed = s.seed + 3571;
  const GenerativeProposalResult r = run_generative_proposal(pb.target, pool, g);
  MethodResult mr;
  mr.method = "generative";
  mr.proposals = r.proposals;
  mr.description = r.model_description + ", held-out -log q " + std::to_string(r.holdout_nll);
  mr.acceptance = r.acceptance();
  mr.exact_evaluations = r.exact_evaluations;
  std::vector<ChainOutput> outputs(r.configurations.size());
  for (size_t c = 0; c < outputs.size(); ++c) outputs[c].configurations = r.configurations[c];
  measure_into(pb, outputs, false, mr);
  mr.seconds = seconds_since(start);
  return mr;
}

// One method's chains with one surrogate (nullptr for exact) and the observables they give.
MethodResult run_method(const Problem& pb, const SurrogateSettings& s, const at::Tensor& pool,
                        const std::string& method, const SurrogateEnergy* surrogate) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t length = pb.length, sites = length * length;
  const Target& target = pb.target;
  const ExactEnergy exact = [&](const std::vector<double>& spins) { return exact_energy(target, length, spins); };
  MethodResult mr;
  mr.method = method;
  mr.surrogate = surrogate ? surrogate->name() : "";
  if (method != "exact" && !surrogate) throw std::invalid_argument("surrogate study: " + method + " needs a surrogate");
  const int64_t inner = s.cumulative_inner > 0 ? s.cumulative_inner : sites;
  const bool per_draw = method == "draws";
  const int64_t n_chains = per_draw ? surrogate->members() : s.chains;
  std::vector<ChainOutput> outputs;
  const uint64_t stream =
      std::hash<std::string>{}(surrogate && surrogate->name() != "linear" ? method + "/" + surrogate->name() : method);
  for (int64_t c = 0; c < n_chains; ++c) {
    SurrogateFlip flip;
    FlipAcceptance acceptance = FlipAcceptance::kExact;
    if (method == "mean" || method == "draws") acceptance = FlipAcceptance::kSurrogateMean;
    if (method == "penalty") acceptance = FlipAcceptance::kPenalty;
    if (method == "delayed") acceptance = FlipAcceptance::kDelayed;
    if (per_draw) {
      flip = [surrogate, c](const std::vector<double>& spins, int64_t k) {
        return SurrogateDelta{surrogate->member_flip(c, spins.data(), k), 0.0, 0.0};
      };
    } else if (method == "cumulative") {  // the deterministic posterior mean
      flip = [surrogate](const std::vector<double>& spins, int64_t k) {
        return SurrogateDelta{surrogate->flip(spins.data(), k).mean, 0.0, 0.0};
      };
    } else if (method != "exact") {
      flip = [surrogate](const std::vector<double>& spins, int64_t k) { return surrogate->flip(spins.data(), k); };
    }
    if (method != "exact" && method != "mean" && method != "draws" && method != "penalty" && method != "delayed" &&
        method != "cumulative")
      throw std::invalid_argument("surrogate study: unknown method " + method);
    const std::vector<double> start_spins = row(pool, c % pool.size(0));
    const bool keeps_energy = method == "exact" || method == "delayed" || method == "cumulative";
    BinaryFlipChain chain(exact, flip, acceptance, start_spins, s.seed + 7919 * static_cast<uint64_t>(c), stream,
                          keeps_energy ? make_exact_flip_energy(target, start_spins) : nullptr);
    outputs.push_back(run_chain(chain, s, method == "cumulative", inner));
    const auto& k = outputs.back().counters;
    mr.proposals += method == "cumulative" ? k.blocks * inner : k.proposals;
    mr.exact_evaluations += k.exact_evaluations;
    mr.acceptance += method == "cumulative" ? k.blocks_accepted : k.accepted;
  }
  const double moves =
      method == "cumulative" ? static_cast<double>(n_chains * s.sweeps * s.thin) : static_cast<double>(mr.proposals);
  mr.acceptance /= std::max(1.0, moves);
  measure_into(pb, outputs, per_draw, mr);
  mr.seconds = seconds_since(start);
  return mr;
}

}  // namespace

SurrogateStudy run_surrogate_study(const Target& target, const SurrogateSettings& s, const at::Tensor& pool,
                                   const std::vector<at::Tensor>& other_temperatures) {
  const auto shape = target.event_shape();
  if (!target.discrete() || shape.size() != 2 || shape[0] != shape[1])
    throw std::invalid_argument("surrogate study: needs a spin target on an L x L lattice");
  const int64_t length = shape[0];
  Problem pb{target, length, LatticeFeatures(length, s.range, s.plaquette)};
  Rng rng(s.seed, 0x5355525247ULL);
  SurrogateStudy study;
  const Labelled data = label(pb, s, pool, other_temperatures, rng);
  study.train_temperatures = data.pools;
  std::vector<std::unique_ptr<SurrogateEnergy>> surrogates;
  auto wants = [&](const char* name) { return std::count(s.surrogates.begin(), s.surrogates.end(), name) > 0; };
  if (wants("linear")) {
    const Fitted fitted = fit_linear(pb, s, data);
    study.fit = fitted.report;
    surrogates.push_back(std::make_unique<LinearSurrogate>(pb.features, fitted.posterior, s.draws, rng));
  }
  if (wants("network")) {
    NetworkSurrogateSettings ns;
    ns.network.length = length;
    ns.network.radius = s.network_range;
    ns.network.hidden = s.network_hidden;
    ns.network.activation = s.network_activation;
    ns.prior_scale = s.network_prior_scale;
    ns.members = s.draws;
    ns.posterior = s.network_posterior;
    for (const std::string& sampler : s.network_posterior.samplers) {
      FittedNetwork f = fit_network_surrogate(data.train_x, data.train_y, data.test_x, data.test_y, ns, sampler);
      study.networks.push_back(f.report);
      if (f.surrogate) surrogates.push_back(std::move(f.surrogate));  // else: diverged, reported in the fit
    }
  }
  for (const std::string& method : s.methods) {
    if (method == "exact") {
      study.methods.push_back(run_method(pb, s, pool, method, nullptr));
      continue;
    }
    if (method == "generative") {
      study.methods.push_back(run_generative(pb, s, pool));
      continue;
    }
    for (const auto& surrogate : surrogates) study.methods.push_back(run_method(pb, s, pool, method, surrogate.get()));
  }
  return study;
}

}  // namespace bbg
