// Many unadjusted Langevin chains (LangevinKernel, default BAOAB) on any
// Potential, as a ChainSet for run_chains: per-chain random streams (seed, chain),
// momentum kept across transitions, no adaptation (warm-up transitions are
// ordinary transitions that are not stored).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/langevin_kernel.hpp"
#include "bbg/sampler/metric.hpp"

namespace bbg {

struct LangevinChainSettings {
  int64_t chains = 8;
  uint64_t seed = 1;
  LangevinSettings kernel;
  std::shared_ptr<const Metric> metric;  // null: unit; copied per chain
  // q of a new chain from its stream; default q_i = 0.5 * normal().
  std::function<void(int64_t chain, Rng& rng, double* q)> initial;
};

class LangevinChains : public ChainSet {
 public:
  LangevinChains(const Potential& potential, LangevinChainSettings settings);
  int64_t chains() const override { return static_cast<int64_t>(chains_.size()); }
  int64_t event_size() const override { return size_; }
  void warmup_transition(int64_t chain, int64_t) override { transition(chain); }
  void transition(int64_t chain) override;
  void write(int64_t chain, double* out) const override;
  void save(io::Checkpoint& checkpoint) const override;
  void restore(const io::Checkpoint& checkpoint) override;

  struct Chain {
    Rng rng;
    LangevinState state;
    std::unique_ptr<Metric> metric;
    std::unique_ptr<LangevinKernel> kernel;
    int64_t transitions = 0, gradient_evaluations = 0;
  };
  const Chain& chain(int64_t c) const { return chains_[c]; }

 private:
  int64_t size_;
  std::vector<Chain> chains_;
};

}  // namespace bbg
