#include "bbg/sampler/penalty_kernel.hpp"

#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/scheduled_sg_kernel.hpp"

namespace bbg {

PenaltyKernel::PenaltyKernel(const Potential& potential, const PenaltySettings& settings, double default_target,
                             std::vector<double> q0, const std::string& name)
    : potential_(potential), settings_(settings), step_(settings.step_size), q_(std::move(q0)) {
  settings_.validate(name);
  if (static_cast<int64_t>(q_.size()) != potential.size())
    throw std::invalid_argument(name + ": initial position has " + std::to_string(q_.size()) +
                                " entries, the potential " + std::to_string(potential.size()));
  if (settings_.target_acceptance == 0.0) settings_.target_acceptance = default_target;
  proposal_.resize(q_.size());
  adaptation_ = DualAveraging(step_, settings_.target_acceptance);
}

StepInfo PenaltyKernel::step(Rng& rng) {
  StepInfo info;
  const double log_ratio = propose(rng, info.gradient_evaluations);
  const PenalisedDifference e = penalised_difference(potential_, rng, q_.data(), proposal_.data(), settings_);
  info.value_evaluations = e.evaluations;
  info.energy_error = e.delta + e.penalty - log_ratio;
  info.acceptance_statistic = std::min(1.0, std::exp(-info.energy_error));
  info.accepted = rng.uniform() < info.acceptance_statistic;
  if (info.accepted) q_.swap(proposal_);
  info.moves_proposed = 1;
  info.moves_accepted = info.accepted ? 1 : 0;
  penalty_sum_ += e.penalty;
  ++tests_;
  return info;
}

StepInfo PenaltyKernel::warmup_step(Rng& rng, int64_t iteration, int64_t warmup) {
  const StepInfo info = step(rng);
  if (settings_.adapt) step_ = adaptation_.update(info.acceptance_statistic);
  return info;
}

void PenaltyKernel::end_warmup() {
  if (settings_.adapt) step_ = adaptation_.averaged_step();
}

std::vector<std::pair<std::string, double>> PenaltyKernel::tuned() const {
  return {{"step_size", step_}, {"mean_penalty", tests_ > 0 ? penalty_sum_ / static_cast<double>(tests_) : 0.0}};
}

void PenaltyKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", q_);
  const DualAveraging::State a = adaptation_.state();
  ck.put_doubles(prefix + ".step", {step_, penalty_sum_, a.mu, a.delta, a.t, a.h_bar, a.log_step, a.log_step_bar});
  ck.put_int64s(prefix + ".tests", {tests_});
}

void PenaltyKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  q_ = checked_doubles(ck, prefix + ".q", q_.size());
  const auto s = checked_doubles(ck, prefix + ".step", 8);
  step_ = s[0];
  penalty_sum_ = s[1];
  adaptation_.restore({s[2], s[3], s[4], s[5], s[6], s[7]});
  tests_ = ck.get_int64s(prefix + ".tests").at(0);
}

}  // namespace bbg
