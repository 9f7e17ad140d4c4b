// Many HMC chains on any Potential, as a ChainSet for run_chains: per-chain
// random streams (seed, chain), dual averaging of the step size during warm-up
// (frozen at its average afterwards), and optionally Stan's windowed adaptation
// of a diagonal metric (each chain estimates its own). This is what run_hmc uses
// for lattice targets and what a sampler over network weights uses directly.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/dual_averaging.hpp"
#include "bbg/sampler/hmc_kernel.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/windowed_adaptation.hpp"

namespace bbg {

class Potential;
class SymplecticIntegrator;

struct HmcChainSettings {
  int64_t chains = 8, warmup = 500;
  uint64_t seed = 1;
  HmcPath path;
  std::string integrator = "leapfrog";  // leapfrog | omelyan
  bool adapt_step_size = true;
  double target_acceptance = 0.8;
  std::shared_ptr<const Metric> metric;  // null: unit; copied per chain
  bool adapt_diagonal_metric = false;    // Stan's windowed estimate (replaces `metric` during warm-up)
  // q of a new chain from its stream; default q_i = 0.5 * normal().
  std::function<void(int64_t chain, Rng& rng, double* q)> initial;
};

class HmcChains : public ChainSet {
 public:
  HmcChains(const Potential& potential, HmcChainSettings settings);
  ~HmcChains() override;

  int64_t chains() const override { return static_cast<int64_t>(chains_.size()); }
  int64_t event_size() const override { return size_; }
  void warmup_transition(int64_t chain, int64_t iteration) override;
  void end_warmup() override;
  void transition(int64_t chain) override;
  void write(int64_t chain, double* out) const override;
  void save(io::Checkpoint& checkpoint) const override;
  void restore(const io::Checkpoint& checkpoint) override;

  // Per-chain results; counters cover the sampling phase only.
  struct Chain {
    Rng rng;
    HmcState state;
    std::unique_ptr<Metric> metric;
    std::unique_ptr<HmcKernel> kernel;
    DualAveraging adaptation;
    std::optional<WindowedAdaptation> metric_adaptation;
    int64_t accepted = 0, trajectories = 0, integration_steps = 0, gradient_evaluations = 0;
    std::vector<double> energy_errors;  // dH of every sampling trajectory
  };
  const Chain& chain(int64_t c) const { return chains_[c]; }

 private:
  void rebuild_kernel(Chain& ch, double step_size);
  const Potential& potential_;
  HmcChainSettings settings_;
  int64_t size_;
  std::unique_ptr<SymplecticIntegrator> integrator_;
  std::vector<Chain> chains_;
};

}  // namespace bbg
