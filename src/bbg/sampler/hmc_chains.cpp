#include "bbg/sampler/hmc_chains.hpp"

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

HmcChains::HmcChains(const Potential& potential, HmcChainSettings settings)
    : potential_(potential),
      settings_(std::move(settings)),
      size_(potential.size()),
      integrator_(make_integrator(settings_.integrator)),
      chains_(static_cast<size_t>(settings_.chains)) {
  for (int64_t c = 0; c < settings_.chains; ++c) {
    Chain& ch = chains_[c];
    ch.rng.reseed(settings_.seed, static_cast<uint64_t>(c));
    std::vector<double> q(size_);
    if (settings_.initial) {
      settings_.initial(c, ch.rng, q.data());
    } else {
      for (auto& x : q) x = 0.5 * ch.rng.normal();
    }
    ch.metric = settings_.metric ? settings_.metric->clone() : std::make_unique<UnitMetric>(size_);
    rebuild_kernel(ch, settings_.path.step_size);
    ch.state = ch.kernel->init(std::move(q));
    ch.adaptation = DualAveraging(settings_.path.step_size, settings_.target_acceptance);
    if (settings_.adapt_diagonal_metric)
      ch.metric_adaptation.emplace(size_, WindowedAdaptationSettings{settings_.warmup});
  }
}

HmcChains::~HmcChains() = default;

void HmcChains::rebuild_kernel(Chain& ch, double step_size) {
  HmcPath path = settings_.path;
  path.step_size = step_size;
  ch.kernel = std::make_unique<HmcKernel>(potential_, *ch.metric, *integrator_, path);
}

void HmcChains::warmup_transition(int64_t c, int64_t) {
  Chain& ch = chains_[c];
  const StepInfo info = ch.kernel->step(ch.state, ch.rng);
  if (settings_.adapt_step_size) ch.kernel->set_step_size(ch.adaptation.update(info.acceptance_statistic));
  if (ch.metric_adaptation && ch.metric_adaptation->learn(ch.state.q.data())) {
    // New metric: restart step-size adaptation from the current step (as Stan does).
    ch.metric = std::make_unique<DiagonalMetric>(ch.metric_adaptation->inverse_mass());
    const double eps = ch.kernel->step_size();
    rebuild_kernel(ch, eps);
    ch.adaptation = DualAveraging(eps, settings_.target_acceptance);
  }
}

void HmcChains::end_warmup() {
  for (Chain& ch : chains_) {
    if (settings_.adapt_step_size && settings_.warmup > 0) ch.kernel->set_step_size(ch.adaptation.averaged_step());
    ch.accepted = ch.trajectories = ch.integration_steps = ch.gradient_evaluations = 0;
    ch.energy_errors.clear();
  }
}

void HmcChains::transition(int64_t c) {
  Chain& ch = chains_[c];
  const int64_t steps = ch.kernel->steps();
  const StepInfo info = ch.kernel->step(ch.state, ch.rng);
  ch.accepted += info.accepted ? 1 : 0;
  ch.trajectories += 1;
  ch.integration_steps += steps;
  ch.gradient_evaluations += info.gradient_evaluations;
  ch.energy_errors.push_back(info.energy_error);
}

void HmcChains::write(int64_t c, double* out) const {
  const auto& q = chains_[c].state.q;
  std::copy(q.begin(), q.end(), out);
}

void HmcChains::save(io::Checkpoint& ck) const {
  for (size_t c = 0; c < chains_.size(); ++c) {
    const Chain& ch = chains_[c];
    const std::string k = "hmc." + std::to_string(c);
    save_rng(ck, k + ".rng", ch.rng);
    ck.put_doubles(k + ".q", ch.state.q);
    const auto a = ch.adaptation.state();
    ck.put_doubles(k + ".numbers",
                   {ch.state.potential, ch.kernel->step_size(), a.mu, a.delta, a.t, a.h_bar, a.log_step, a.log_step_bar});
    ck.put_int64s(k + ".counters", {ch.accepted, ch.trajectories, ch.integration_steps, ch.gradient_evaluations});
    ck.put_doubles(k + ".energy_errors", ch.energy_errors);
    if (ch.metric_adaptation) ck.put_doubles(k + ".metric_adaptation", ch.metric_adaptation->state());
    if (const auto* d = dynamic_cast<const DiagonalMetric*>(ch.metric.get()))
      ck.put_doubles(k + ".inverse_mass", d->inverse_mass());
  }
}

void HmcChains::restore(const io::Checkpoint& ck) {
  for (size_t c = 0; c < chains_.size(); ++c) {
    Chain& ch = chains_[c];
    const std::string k = "hmc." + std::to_string(c);
    restore_rng(ck, k + ".rng", ch.rng);
    ch.state.q = ck.get_doubles(k + ".q");
    const auto n = ck.get_doubles(k + ".numbers");
    ch.state.potential = n.at(0);
    ch.adaptation.restore({n.at(2), n.at(3), n.at(4), n.at(5), n.at(6), n.at(7)});
    const auto counters = ck.get_int64s(k + ".counters");
    ch.accepted = counters.at(0), ch.trajectories = counters.at(1);
    ch.integration_steps = counters.at(2), ch.gradient_evaluations = counters.at(3);
    ch.energy_errors = ck.get_doubles(k + ".energy_errors");
    if (ch.metric_adaptation) ch.metric_adaptation->restore(ck.get_doubles(k + ".metric_adaptation"));
    if (ck.has(k + ".inverse_mass")) ch.metric = std::make_unique<DiagonalMetric>(ck.get_doubles(k + ".inverse_mass"));
    rebuild_kernel(ch, n.at(1));
  }
}

}  // namespace bbg
