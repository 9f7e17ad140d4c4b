#include "bbg/snf/tensor_hmc.hpp"

#include <ATen/ATen.h>

#include <vector>

namespace bbg {
namespace {

at::Tensor half_norm2(const at::Tensor& p) { return 0.5 * (p * p).flatten(1).sum(1); }

// [B] -> [B, 1, ..., 1] to select whole rows of x.
at::Tensor rows(const at::Tensor& mask, const at::Tensor& like) {
  std::vector<int64_t> shape(static_cast<size_t>(like.dim()), 1);
  shape[0] = like.size(0);
  return mask.reshape(shape);
}

}  // namespace

int64_t tensor_hmc_step(const InterpolatedAction& s_b, AnnealState& state, const TensorHmcMove& move,
                        at::Generator& generator) {
  at::NoGradGuard no_grad;
  const double eps = move.step_size;
  at::Tensor p = at::randn(state.x.sizes(), generator, state.x.options());
  const at::Tensor h0 = s_b.action(state) + half_norm2(p);
  at::Tensor q = state.x;
  p = p - 0.5 * eps * s_b.force(q);
  for (int64_t l = 1; l <= move.leapfrog_steps; ++l) {
    q = q + eps * p;
    const at::Tensor f = s_b.force(q);
    p = p - (l < move.leapfrog_steps ? eps : 0.5 * eps) * f;
  }
  const AnnealState proposed = s_b.evaluate(q);
  const at::Tensor h1 = s_b.action(proposed) + half_norm2(p);
  const at::Tensor u = at::rand({state.x.size(0)}, generator, state.x.options());
  // log u < H_0 - H_1; comparisons with NaN are false, so a diverged proposal is rejected.
  const at::Tensor accept = at::log(u) < (h0 - h1);
  state.x = at::where(rows(accept, q), q, state.x);
  state.base_action = at::where(accept, proposed.base_action, state.base_action);
  state.target_action = at::where(accept, proposed.target_action, state.target_action);
  return accept.sum().item<int64_t>();
}

}  // namespace bbg
