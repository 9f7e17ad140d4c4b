#include "bbg/surrogate/generative_proposal.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "bbg/core/interrupt.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/estimate/neural_mcmc.hpp"
#include "bbg/models/density.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/models/model_registry.hpp"
#include "bbg/models/model_spec.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/objectives.hpp"
#include "bbg/train/train_settings.hpp"

namespace bbg {
namespace {

constexpr int64_t kProposalBatch = 2048;  // proposals drawn and evaluated together (all chains)

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& allowed) {
  throw std::invalid_argument("generative proposal: " + key + " = " + value + " is not allowed; " + allowed);
}

void require_at_least(const std::string& key, int64_t value, int64_t least, const std::string& what) {
  if (value < least) bad(key, std::to_string(value), "must be >= " + std::to_string(least) + " (" + what + ")");
}

ModelSpec model_spec(const Target& target, const GenerativeProposalSettings& s) {
  ModelSpec spec = ModelSpec::defaults_for(s.model);
  spec.shape = target.event_shape();
  spec.z2 = s.symmetrize;
  if (s.model == "made") spec.hidden = s.hidden;
  return spec;
}

// Mean -log q over x, in chunks, without gradients.
double mean_nll(Density& q, const at::Tensor& x) {
  torch::NoGradGuard no_grad;
  double sum = 0.0;
  for (int64_t i = 0; i < x.size(0); i += 4096)
    sum -= q.log_prob(x.narrow(0, i, std::min<int64_t>(4096, x.size(0) - i))).sum().item<double>();
  return sum / static_cast<double>(x.size(0));
}

// Maximum likelihood with Adam, a cosine learning rate (train/train_settings.hpp) and
// minibatches without replacement from a fresh permutation per epoch.
void fit(Density& q, const at::Tensor& train, const GenerativeProposalSettings& s, at::Generator& gen) {
  TrainSettings schedule;
  schedule.steps = s.train_steps;
  schedule.learning_rate = s.learning_rate;
  schedule.schedule = "cosine";
  q.train();
  torch::optim::Adam optimizer(q.parameters(), torch::optim::AdamOptions(s.learning_rate));
  const int64_t n = train.size(0), per_epoch = n / s.batch_size;
  at::Tensor order;
  for (int64_t step = 0; step < s.train_steps; ++step) {
    if (step % per_epoch == 0) order = at::randperm(n, gen, at::TensorOptions().dtype(at::kLong));
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate_at(schedule, step));
    optimizer.zero_grad();
    const ObjectiveValue v =
        forward_kl(q, train.index_select(0, order.narrow(0, (step % per_epoch) * s.batch_size, s.batch_size)));
    if (!std::isfinite(v.objective))
      throw std::runtime_error("generative proposal: the likelihood was not finite at training step " +
                               std::to_string(step) + " (try a smaller learning_rate)");
    v.loss.backward();
    optimizer.step();
    if (interrupt_requested()) throw Interrupted("interrupted while training the generative proposal");
  }
  q.eval();
}

// One independence-Metropolis chain (estimate/neural_mcmc.hpp runs the acceptance). Its one
// "observable" is the index of the current state among the chain's candidates (0: the
// start, j: its j-th proposal), so the recorded series says which configuration the chain
// holds after every proposal; the configurations themselves are kept only for the current
// batch and the state carried into it.
class Chain {
 public:
  Chain(std::vector<double> start, double log_weight, int64_t steps, uint64_t seed, uint64_t stream)
      : sites_(static_cast<int64_t>(start.size())),
        metropolis_({"state"}, 2 * (steps / 2) + 4),
        rng_(seed, stream),
        current_(std::move(start)) {
    const double index = 0.0;
    metropolis_.step(&log_weight, {&index}, 1, rng_);
  }

  // Proposals [n, sites] (row stride `stride` doubles) with log weights; appends the stored
  // states among them (the state after step t, for the steps t with store(t)) to `out`.
  template <class Store>
  void advance(const double* proposals, int64_t stride, const double* log_weights, int64_t n, Store store,
               std::vector<double>& out) {
    const int64_t first = metropolis_.samples();  // index of this batch's first proposal
    std::vector<double> index(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) index[j] = static_cast<double>(first + j);
    metropolis_.step(log_weights, {index.data()}, n, rng_);
    const std::vector<double>& held = metropolis_.series(0);
    auto state = [&](int64_t t) -> const double* {
      const int64_t id = static_cast<int64_t>(held[t]);
      return id >= first ? proposals + (id - first) * stride : current_.data();
    };
    for (int64_t t = first; t < first + n; ++t) {
      if (held[t] != held[t - 1] && counting_) ++accepted_;
      if (store(t)) out.insert(out.end(), state(t), state(t) + sites_);
    }
    const double* last = state(first + n - 1);
    current_.assign(last, last + sites_);
  }

  void start_counting() { counting_ = true; }
  int64_t accepted() const { return accepted_; }
  bool unbinned() const { return metropolis_.bin_size() == 1; }

 private:
  int64_t sites_;
  IndependenceMetropolis metropolis_;
  Rng rng_;
  std::vector<double> current_;
  bool counting_ = false;
  int64_t accepted_ = 0;
};

}  // namespace

void validate(const GenerativeProposalSettings& s) {
  const ModelKindInfo* info = nullptr;
  try {
    info = &model_kind_info(s.model);
  } catch (const std::out_of_range&) {
  }
  if (!info || info->continuous) bad("model", "\"" + s.model + "\"", "must be an autoregressive kind: made | pixelcnn");
  if (s.model == "made") {
    for (int64_t w : s.hidden)
      if (w < 1) bad("hidden", std::to_string(w), "every hidden width must be >= 1");
  }
  require_at_least("train_steps", s.train_steps, 1, "maximum-likelihood optimiser steps");
  require_at_least("batch_size", s.batch_size, 1, "configurations per training step");
  if (!(s.learning_rate > 0) || !std::isfinite(s.learning_rate))
    bad("learning_rate", std::to_string(s.learning_rate), "must be finite and > 0");
  require_at_least("chains", s.chains, 1, "independent Markov chains");
  require_at_least("warmup", s.warmup, 0, "sweeps discarded before storing");
  require_at_least("sweeps", s.sweeps, 1, "stored states per chain");
  require_at_least("proposals_per_sweep", s.proposals_per_sweep, 1, "independence proposals between stored states");
}

GenerativeProposalResult run_generative_proposal(const Target& target, const at::Tensor& pool,
                                                 const GenerativeProposalSettings& s) {
  validate(s);
  if (!target.discrete())
    throw std::invalid_argument("generative proposal: target " + target.kind() +
                                " is continuous; the autoregressive proposals are ±1 spins");
  const std::vector<int64_t> shape = target.event_shape();
  std::vector<int64_t> expected = {pool.dim() > 0 ? pool.size(0) : 0};
  expected.insert(expected.end(), shape.begin(), shape.end());
  if (pool.sizes().vec() != expected || pool.size(0) < 2)
    throw std::invalid_argument("generative proposal: the pool has shape " + c10::str(pool.sizes()) +
                                "; expected [M, " + c10::Join(", ", shape) + "] with M >= 2 configurations");
  if ((pool.to(at::kDouble).abs() != 1.0).any().item<bool>())
    throw std::invalid_argument("generative proposal: the pool holds values other than ±1 (spins s = 2x - 1 expected)");
  const int64_t m = pool.size(0), n_train = m / 2;
  if (s.batch_size > n_train)
    bad("batch_size", std::to_string(s.batch_size),
        "must be <= " + std::to_string(n_train) + ", the training half of the " + std::to_string(m) +
            " pool configurations");

  GenerativeProposalResult r;
  auto gen = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  const at::Tensor shuffled =
      pool.to(at::kDouble).index_select(0, at::randperm(m, gen, at::TensorOptions().dtype(at::kLong)));
  const at::Tensor train = shuffled.narrow(0, 0, n_train).contiguous();
  const at::Tensor holdout = shuffled.narrow(0, n_train, m - n_train).contiguous();

  auto start = std::chrono::steady_clock::now();
  const std::shared_ptr<Density> q = make_density(model_spec(target, s), s.seed);
  fit(*q, train, s, gen);
  r.train_seconds = seconds_since(start);
  r.train_nll = mean_nll(*q, train);
  r.holdout_nll = mean_nll(*q, holdout);
  r.model_description =
      q->spec().kind + ": " + q->spec().describe() + ", " + std::to_string(q->parameter_count()) + " parameters";

  start = std::chrono::steady_clock::now();
  torch::NoGradGuard no_grad;
  const int64_t sites = target.event_size(), k = s.proposals_per_sweep;
  const int64_t warm_steps = s.warmup * k, steps = (s.warmup + s.sweeps) * k;
  // Starts: pool configurations c mod M (in the shuffled order), one exact action each.
  std::vector<Chain> chains;
  {
    const at::Tensor x0 = shuffled.index_select(0, at::arange(s.chains, at::kLong).remainder(m)).contiguous();
    const at::Tensor lw0 = (-target.action(x0) - q->log_prob(x0)).contiguous();
    r.exact_evaluations += s.chains;
    for (int64_t c = 0; c < s.chains; ++c) {
      const double* row = x0.data_ptr<double>() + c * sites;
      chains.emplace_back(std::vector<double>(row, row + sites), lw0.data_ptr<double>()[c], steps + 1, s.seed,
                          0x47454e50ULL + static_cast<uint64_t>(c));
    }
  }
  r.configurations.assign(static_cast<size_t>(s.chains), {});
  for (auto& out : r.configurations) out.reserve(static_cast<size_t>(s.sweeps * sites));
  // Step t (1-based) is the t-th proposal of every chain; the state after it is stored when
  // t is past the warm-up and a multiple of proposals_per_sweep.
  auto store = [&](int64_t t) { return t > warm_steps && t % k == 0; };
  const int64_t per_batch = std::max<int64_t>(1, kProposalBatch / s.chains);
  for (int64_t done = 0; done < steps;) {
    // Batches end at the end of the warm-up, so that the sampling phase is counted apart.
    if (done == warm_steps)
      for (auto& chain : chains) chain.start_counting();
    const int64_t n = std::min(per_batch, (done < warm_steps ? warm_steps : steps) - done);
    auto [x, log_q] = q->sample(n * s.chains, gen);
    // Proposal j of chain c is row j * chains + c.
    const at::Tensor xs = x.reshape({n * s.chains, sites}).contiguous();
    const at::Tensor lw = (-target.action(x) - log_q).reshape({n, s.chains}).t().contiguous();
    r.exact_evaluations += n * s.chains;
    if (done >= warm_steps) r.proposals += n * s.chains;
    for (int64_t c = 0; c < s.chains; ++c)
      chains[c].advance(xs.data_ptr<double>() + c * sites, s.chains * sites, lw.data_ptr<double>() + c * n, n, store,
                        r.configurations[c]);
    done += n;
    if (interrupt_requested()) throw Interrupted("interrupted in the generative-proposal Monte Carlo");
  }
  for (const Chain& chain : chains) {
    if (!chain.unbinned()) throw std::logic_error("generative proposal: the chain's state series was binned");
    r.accepted += chain.accepted();
  }
  r.sample_seconds = seconds_since(start);
  return r;
}

}  // namespace bbg
