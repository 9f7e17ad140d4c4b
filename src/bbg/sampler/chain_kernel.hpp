// One chain's transition kernel with its state inside, the unit every sampler over
// a Potential provides so that one driver (KernelChains + run_chains) runs them all:
// full-batch HMC and NUTS with adaptation, MALA, random-walk and penalty Metropolis,
// and the unadjusted stochastic-gradient samplers (SGLD, pSGLD, SGHMC, BAOAB).
// The split follows Stan (metric / integrator / sampler) and BlackJAX (a kernel
// is init + step returning an info record): the kernel owns its position and any
// auxiliary state (momentum, preconditioner, adaptation, step counter); the random
// stream is the chain's and is passed in.
//
// Warm-up: warmup_step(rng, i) for i = 0 .. warmup - 1, then end_warmup() once
// (freeze adaptation, e.g. take the dual-averaged step size), then step(rng).
// A kernel without adaptation uses the default warmup_step = step.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bbg/sampler/step_info.hpp"

namespace bbg {

class Rng;
namespace io {
class Checkpoint;
}

class ChainKernel {
 public:
  virtual ~ChainKernel() = default;
  virtual const std::vector<double>& position() const = 0;  // the current q

  // Warm-up transition number `iteration` (0-based) of `warmup` in all.
  virtual StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) { return step(rng); }
  virtual void end_warmup() {}
  virtual StepInfo step(Rng& rng) = 0;

  // Whether step() has a Metropolis test (acceptance is meaningful, the chain is
  // exact up to Monte Carlo error) or is unadjusted (biased at a finite step).
  virtual bool adjusted() const = 0;
  // The tuned or scheduled settings to report after warm-up, e.g.
  // {"step_size", 0.01}, {"mean_inverse_mass", 0.3}, {"mean_tree_depth", 3.2}.
  virtual std::vector<std::pair<std::string, double>> tuned() const { return {}; }

  // Everything step() reads besides the chain's Rng, bit-exact, under `prefix`.
  virtual void save(io::Checkpoint& checkpoint, const std::string& prefix) const = 0;
  virtual void restore(const io::Checkpoint& checkpoint, const std::string& prefix) = 0;
};

}  // namespace bbg
