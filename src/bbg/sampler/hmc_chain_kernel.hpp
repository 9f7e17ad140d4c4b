// Hybrid Monte Carlo as a ChainKernel: the core's HmcKernel (hmc_kernel.hpp:
// p ~ N(0, M), n steps of a symplectic integrator, accept with min(1, exp(-dH));
// Duane, Kennedy, Pendleton, Roweth, PLB 195 (1987) 216) with the warm-up of
// HmcChains (warmup_tuner.hpp): dual averaging of eps towards a target acceptance
// (default 0.8) and optionally Stan's windowed diagonal inverse-mass estimate.
// After warm-up eps is frozen at its dual-averaged value. The path is a fixed
// number of steps or a trajectory length tau (n = ceil(tau / eps)).
// Exact: the Metropolis test makes exp(-U) stationary at any eps (only the
// acceptance rate, not the target, depends on eps).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/hmc_kernel.hpp"

namespace bbg {

class Metric;
class Potential;
class SymplecticIntegrator;
class WarmupTuner;

struct HmcChainKernelSettings {
  HmcPath path;                          // initial step_size 0.1; steps > 0, else trajectory_length 1
  std::string integrator = "leapfrog";   // leapfrog | omelyan
  bool adapt_step_size = true;
  double target_acceptance = 0.8;
  bool adapt_diagonal_metric = false;
  std::shared_ptr<const Metric> metric;  // null: unit; copied
};

class HmcChainKernel : public ChainKernel {
 public:
  // q: the initial position (size potential.size()); std::invalid_argument on bad settings.
  HmcChainKernel(const Potential& potential, std::vector<double> q, const HmcChainKernelSettings& settings);
  ~HmcChainKernel() override;

  const std::vector<double>& position() const override { return state_.q; }
  StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) override;
  void end_warmup() override;
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return true; }
  // step_size, steps, mean_inverse_mass.
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  double step_size() const;
  const Metric& metric() const;

 private:
  void rebuild();  // a fresh HmcKernel on the tuner's metric and step
  const Potential& potential_;
  HmcChainKernelSettings settings_;
  std::unique_ptr<SymplecticIntegrator> integrator_;
  std::unique_ptr<WarmupTuner> tuner_;
  std::unique_ptr<HmcKernel> kernel_;
  HmcState state_;
};

}  // namespace bbg
