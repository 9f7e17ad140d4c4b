// Many chains of any ChainKernel as a ChainSet for run_chains (chain_driver.hpp):
// chain c has its own random stream Rng(seed, c) and its own kernel (and, where the
// kernel needs one, its own potential: a minibatch potential keeps its batch in
// mutable state). The factory builds chain c's kernel from that stream (drawing the
// initial position from it), so results do not depend on the number of threads.
// Counters cover the sampling phase; warm-up cost is counted separately.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/chain_kernel.hpp"

namespace bbg {

class Potential;

// What a chain holds: the kernel, and what the kernel refers to (may be null).
struct ChainParts {
  std::shared_ptr<Potential> potential;
  std::unique_ptr<ChainKernel> kernel;
};
using KernelFactory = std::function<ChainParts(int64_t chain, Rng& rng)>;

struct ChainCounters {
  int64_t transitions = 0, accepted = 0;
  double acceptance_statistic_sum = 0.0;  // sum of min(1, exp(-dH)) (adjusted kernels)
  int64_t gradient_evaluations = 0, warmup_gradient_evaluations = 0;
  int64_t value_evaluations = 0;  // potential values and differences (RWM, penalty)
};

class KernelChains : public ChainSet {
 public:
  KernelChains(int64_t chains, int64_t warmup, uint64_t seed, const KernelFactory& factory);
  int64_t chains() const override { return static_cast<int64_t>(chains_.size()); }
  int64_t event_size() const override { return size_; }
  void warmup_transition(int64_t chain, int64_t iteration) override;
  void end_warmup() override;
  void transition(int64_t chain) override;
  void write(int64_t chain, double* out) const override;
  void save(io::Checkpoint& checkpoint) const override;
  void restore(const io::Checkpoint& checkpoint) override;

  struct Chain {
    Rng rng;
    ChainParts parts;
    ChainCounters counters;
  };
  const Chain& chain(int64_t c) const { return chains_[c]; }
  ChainKernel& kernel(int64_t c) { return *chains_[c].parts.kernel; }

 private:
  int64_t warmup_, size_ = 0;
  std::vector<Chain> chains_;
};

}  // namespace bbg
