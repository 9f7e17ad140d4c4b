// Common part of the unadjusted stochastic-gradient kernels (SGLD, pSGLD, SGHMC):
// the position, the step counter k and the step schedule (step_schedule.hpp).
// step() runs update(eps_k) once and advances k; on a cyclical schedule it first
// runs every exploration step up to the next sampling stage (noise off, their
// gradients counted in the returned StepInfo), so the returned state is always
// the result of a sampling-stage step. No Metropolis test: adjusted() is false,
// every step is accepted (acceptance_statistic = 1, energy_error not computed).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/step_schedule.hpp"

namespace bbg {

class Potential;

class ScheduledSgKernel : public ChainKernel {
 public:
  const std::vector<double>& position() const override { return q_; }
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return false; }
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  const StepSchedule& schedule() const { return schedule_; }
  int64_t steps_taken() const { return k_; }  // k: updates so far, exploration included
  // Whether the last update was in a sampling stage (always, for a non-cyclical schedule).
  bool last_step_sampling() const { return k_ > 0 && !schedule_.exploring(k_ - 1); }

 protected:
  // q0: the initial position, of potential.size() doubles (std::invalid_argument otherwise).
  ScheduledSgKernel(const Potential& potential, const StepSchedule& schedule, std::vector<double> q0,
                    const std::string& name);
  // One update at step eps, with the injected noise on or off; returns its gradient evaluations.
  virtual int64_t update(Rng& rng, double eps, bool noise) = 0;
  // The kernel's own auxiliary state (momentum, preconditioner) for checkpoints.
  virtual void save_extra(io::Checkpoint& checkpoint, const std::string& prefix) const {}
  virtual void restore_extra(const io::Checkpoint& checkpoint, const std::string& prefix) {}

  const Potential& potential_;
  StepSchedule schedule_;
  std::vector<double> q_;
  int64_t k_ = 0;
};

// Checks that a checkpointed vector has the expected size (std::invalid_argument naming the key).
std::vector<double> checked_doubles(const io::Checkpoint& checkpoint, const std::string& key, size_t size);

}  // namespace bbg
