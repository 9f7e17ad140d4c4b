#include "bbg/sampler/scheduled_sg_kernel.hpp"

#include <stdexcept>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

ScheduledSgKernel::ScheduledSgKernel(const Potential& potential, const StepSchedule& schedule, std::vector<double> q0,
                                     const std::string& name)
    : potential_(potential), schedule_(schedule), q_(std::move(q0)) {
  schedule_.validate();
  if (static_cast<int64_t>(q_.size()) != potential.size())
    throw std::invalid_argument(name + ": initial position has " + std::to_string(q_.size()) +
                                " entries, the potential " + std::to_string(potential.size()));
}

StepInfo ScheduledSgKernel::step(Rng& rng) {
  StepInfo info;
  while (schedule_.exploring(k_)) {
    info.gradient_evaluations += update(rng, schedule_.step_size(k_), /*noise=*/false);
    ++k_;
  }
  info.gradient_evaluations += update(rng, schedule_.step_size(k_), /*noise=*/true);
  ++k_;
  info.accepted = true;
  info.acceptance_statistic = 1.0;
  info.moves_proposed = info.moves_accepted = 1;
  return info;
}

std::vector<std::pair<std::string, double>> ScheduledSgKernel::tuned() const {
  return {{"step_size", schedule_.step_size(k_)}, {"steps_taken", static_cast<double>(k_)}};
}

void ScheduledSgKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", q_);
  ck.put_int64s(prefix + ".k", {k_});
  save_extra(ck, prefix);
}

void ScheduledSgKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  q_ = checked_doubles(ck, prefix + ".q", q_.size());
  k_ = ck.get_int64s(prefix + ".k").at(0);
  restore_extra(ck, prefix);
}

std::vector<double> checked_doubles(const io::Checkpoint& ck, const std::string& key, size_t size) {
  std::vector<double> v = ck.get_doubles(key);
  if (v.size() != size)
    throw std::invalid_argument("checkpoint entry " + key + " has " + std::to_string(v.size()) + " values, expected " +
                                std::to_string(size));
  return v;
}

}  // namespace bbg
