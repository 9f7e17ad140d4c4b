#include "bbg/sampler/hmc_chain_kernel.hpp"

#include <stdexcept>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/warmup_tuner.hpp"

namespace bbg {

namespace {
WarmupTunerSettings tuner_settings(const HmcChainKernelSettings& s) {
  WarmupTunerSettings t;
  t.step = s.path.step_size;
  t.adapt_step = s.adapt_step_size;
  t.target_acceptance = s.target_acceptance;
  t.adapt_diagonal_metric = s.adapt_diagonal_metric;
  return t;
}
}  // namespace

HmcChainKernel::HmcChainKernel(const Potential& potential, std::vector<double> q,
                               const HmcChainKernelSettings& settings)
    : potential_(potential), settings_(settings) {
  if (static_cast<int64_t>(q.size()) != potential.size())
    throw std::invalid_argument("HMC: initial position of size " + std::to_string(q.size()) +
                                " for a potential of size " + std::to_string(potential.size()));
  if (settings.path.steps < 0)
    throw std::invalid_argument("HMC: steps " + std::to_string(settings.path.steps) + " must be >= 0 (0: use tau)");
  if (settings.path.steps == 0 && !(settings.path.trajectory_length > 0.0))
    throw std::invalid_argument("HMC: trajectory length " + std::to_string(settings.path.trajectory_length) +
                                " must be positive");
  try {
    integrator_ = make_integrator(settings.integrator);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("HMC: integrator \"" + settings.integrator + "\" " + e.what());
  }
  tuner_ = std::make_unique<WarmupTuner>("HMC", potential.size(), tuner_settings(settings), settings.metric.get());
  rebuild();
  state_ = kernel_->init(std::move(q));
}

HmcChainKernel::~HmcChainKernel() = default;

void HmcChainKernel::rebuild() {
  HmcPath path = settings_.path;
  path.step_size = tuner_->step();
  kernel_ = std::make_unique<HmcKernel>(potential_, tuner_->metric(), *integrator_, path);
}

double HmcChainKernel::step_size() const { return kernel_->step_size(); }
const Metric& HmcChainKernel::metric() const { return tuner_->metric(); }

StepInfo HmcChainKernel::warmup_step(Rng& rng, int64_t iteration, int64_t warmup) {
  const StepInfo info = kernel_->step(state_, rng);
  if (tuner_->update(iteration, warmup, info.acceptance_statistic, state_.q.data())) {
    rebuild();
  } else {
    kernel_->set_step_size(tuner_->step());
  }
  return info;
}

void HmcChainKernel::end_warmup() {
  tuner_->end_warmup();
  kernel_->set_step_size(tuner_->step());
}

StepInfo HmcChainKernel::step(Rng& rng) { return kernel_->step(state_, rng); }

std::vector<std::pair<std::string, double>> HmcChainKernel::tuned() const {
  return {{"step_size", kernel_->step_size()},
          {"steps", static_cast<double>(kernel_->steps())},
          {"mean_inverse_mass", tuner_->mean_inverse_mass()}};
}

void HmcChainKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", state_.q);
  ck.put_doubles(prefix + ".potential", {state_.potential});
  tuner_->save(ck, prefix);
}

void HmcChainKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  std::vector<double> q = ck.get_doubles(prefix + ".q");
  if (static_cast<int64_t>(q.size()) != potential_.size())
    throw std::invalid_argument("HMC: checkpoint position " + prefix + ".q has the wrong size");
  state_.q = std::move(q);
  state_.potential = ck.get_doubles(prefix + ".potential").at(0);
  tuner_->restore(ck, prefix);
  rebuild();
}

}  // namespace bbg
