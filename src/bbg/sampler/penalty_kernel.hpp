// Common part of the penalty kernels (penalty_metropolis_kernel.hpp,
// penalty_langevin_kernel.hpp): the position, the step size and its dual-averaging
// adaptation in warm-up (dual_averaging.hpp; the averaged step is frozen at
// end_warmup), and the penalised Metropolis test (penalty.hpp)
//   accept with min(1, exp(-delta - u_B + log q(q | q') - log q(q' | q))).
// adjusted() is true: exact up to the Gaussian-noise assumption and the truncation
// of the penalty series (penalty = none is biased).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/dual_averaging.hpp"
#include "bbg/sampler/penalty.hpp"

namespace bbg {

class Potential;

class PenaltyKernel : public ChainKernel {
 public:
  const std::vector<double>& position() const override { return q_; }
  StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) override;
  void end_warmup() override;
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return true; }
  std::vector<std::pair<std::string, double>> tuned() const override;  // step_size, mean penalty so far
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;
  double step_size() const { return step_; }

 protected:
  PenaltyKernel(const Potential& potential, const PenaltySettings& settings, double default_target,
                std::vector<double> q0, const std::string& name);
  // Writes the proposal into proposal_ and returns log q(q | q') - log q(q' | q);
  // adds its gradient evaluations to `gradients`.
  virtual double propose(Rng& rng, int64_t& gradients) = 0;

  const Potential& potential_;
  PenaltySettings settings_;
  double step_;
  std::vector<double> q_, proposal_;

 private:
  DualAveraging adaptation_;
  double penalty_sum_ = 0.0;
  int64_t tests_ = 0;
};

}  // namespace bbg
