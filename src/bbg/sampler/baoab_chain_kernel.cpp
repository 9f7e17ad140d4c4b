#include "bbg/sampler/baoab_chain_kernel.hpp"

#include <stdexcept>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/scheduled_sg_kernel.hpp"

namespace bbg {

BaoabChainKernel::BaoabChainKernel(const Potential& potential, const Metric& metric, const LangevinSettings& settings,
                                   std::vector<double> q0, Rng& rng)
    : metric_(metric.clone()), settings_(settings) {
  if (!(settings.step_size > 0.0))
    throw std::invalid_argument("BAOAB: step_size = " + std::to_string(settings.step_size) + " must be > 0");
  if (!(settings.friction >= 0.0))
    throw std::invalid_argument("BAOAB: friction = " + std::to_string(settings.friction) + " must be >= 0");
  if (settings.steps < 1)
    throw std::invalid_argument("BAOAB: steps = " + std::to_string(settings.steps) + " must be >= 1");
  if (metric.size() != potential.size() || static_cast<int64_t>(q0.size()) != potential.size())
    throw std::invalid_argument("BAOAB: the metric, the initial position and the potential differ in size");
  kernel_ = std::make_unique<LangevinKernel>(potential, *metric_, settings);
  state_ = kernel_->init(std::move(q0), rng);
}

BaoabChainKernel::~BaoabChainKernel() = default;

StepInfo BaoabChainKernel::step(Rng& rng) { return kernel_->step(state_, rng); }

std::vector<std::pair<std::string, double>> BaoabChainKernel::tuned() const {
  return {{"step_size", settings_.step_size}, {"friction", settings_.friction}};
}

void BaoabChainKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", state_.q);
  ck.put_doubles(prefix + ".p", state_.p);
}

void BaoabChainKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  state_.q = checked_doubles(ck, prefix + ".q", state_.q.size());
  state_.p = checked_doubles(ck, prefix + ".p", state_.p.size());
}

}  // namespace bbg
