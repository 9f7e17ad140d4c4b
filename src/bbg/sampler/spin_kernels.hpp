// Transition kernels on spin configurations, all behind SpinKernel::step:
//
// LocalMetropolisKernel: one sweep over the sites in order; flipping site i with
//   S-difference estimate d (variance sigma^2) is accepted with probability
//   min(1, exp(-d - sigma^2/2)) - plain Metropolis for an exact difference
//   (sigma = 0), the penalty method of Ceperley & Dewing (J. Chem. Phys. 110
//   (1999) 9812) for a Gaussian estimate. Works for any SpinSystem.
// CheckerboardMetropolisKernel, WolffKernel: the Ising fast paths of
//   spin_updates.hpp (tabulated checkerboard sweep; one Wolff cluster per step).
// StepInfo: moves_proposed / moves_accepted count flips; acceptance_statistic is
// the mean acceptance probability of the sweep (local), the accepted fraction
// (checkerboard, which does not form the mean) or 1 (a Wolff cluster always flips).
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/spin_updates.hpp"
#include "bbg/sampler/step_info.hpp"

namespace bbg {

class SpinSystem;

struct SpinState {
  std::vector<int8_t> spins;
};

class SpinKernel {
 public:
  virtual ~SpinKernel() = default;
  virtual StepInfo step(SpinState& state, Rng& rng) = 0;
};

class LocalMetropolisKernel : public SpinKernel {
 public:
  explicit LocalMetropolisKernel(const SpinSystem& system) : system_(system) {}
  StepInfo step(SpinState& state, Rng& rng) override;

 private:
  const SpinSystem& system_;
};

class CheckerboardMetropolisKernel : public SpinKernel {
 public:
  explicit CheckerboardMetropolisKernel(const MetropolisUpdater& updater) : updater_(updater) {}
  StepInfo step(SpinState& state, Rng& rng) override;  // one sweep

 private:
  const MetropolisUpdater& updater_;
};

class WolffKernel : public SpinKernel {
 public:
  explicit WolffKernel(const WolffUpdater& updater) : updater_(updater) {}
  StepInfo step(SpinState& state, Rng& rng) override;  // one cluster

 private:
  const WolffUpdater& updater_;
  std::vector<int32_t> stack_;
};

}  // namespace bbg
