// Batched HMC on tensors: one Metropolis-adjusted transition of every row of a
// batch [B, ...] for exp(-S_b), with its own accept/reject per row, reversible for
// exp(-S_b) (so it leaves p_b invariant, as AIS needs; Neal 2001, sec. 2).
//   p ~ N(0, 1), H = S_b(x) + |p|^2 / 2, L leapfrog steps of size eps,
//   accept with min(1, exp(H_0 - H_1)) (a NaN or infinite H_1 is rejected).
// With L = 1 this is MALA (the Metropolis-adjusted Langevin step with drift eps^2/2
// and noise eps). The plain-array kernels of sampler/ (HmcKernel, MalaKernel) move
// one chain; this moves a batch in a few tensor operations.
#pragma once
#include <ATen/core/Generator.h>

#include <cstdint>

#include "bbg/snf/interpolated_action.hpp"

namespace bbg {

struct TensorHmcMove {
  double step_size = 0.1;      // eps > 0
  int64_t leapfrog_steps = 1;  // L >= 1; 1 = MALA
};

// Moves `state` in place (rows rejected keep their x and actions); returns the
// number of rows accepted. Draws the momenta, then the uniforms, from `generator`.
int64_t tensor_hmc_step(const InterpolatedAction& s_b, AnnealState& state, const TensorHmcMove& move,
                        at::Generator& generator);

}  // namespace bbg
