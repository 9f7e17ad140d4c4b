// The interpolated action of an annealing path between a base and a target:
//     S_b(x) = (1 - b) S_0(x) + b S(x),   0 <= b <= 1,
// so exp(-S_0) at b = 0 and exp(-S) at b = 1 (Neal 2001, eq. 3: p_b ∝ p_0^(1-b) p^b).
// A state keeps S_0 and S of its configurations, so S_b at any b costs nothing more.
#pragma once
#include <ATen/core/Tensor.h>

namespace bbg {

class AnnealBase;
class Target;

// A batch of configurations with their base and target actions.
struct AnnealState {
  at::Tensor x;              // [B, event_shape...]
  at::Tensor base_action;    // S_0(x), [B]
  at::Tensor target_action;  // S(x), [B]
};

class InterpolatedAction {
 public:
  // base and target must outlive this; b in [0, 1].
  InterpolatedAction(AnnealBase& base, const Target& target, double b);

  double b() const { return b_; }
  // S_0(x) and S(x) of a fresh batch.
  AnnealState evaluate(const at::Tensor& x) const;
  at::Tensor action(const AnnealState& s) const;  // S_b, [B]
  at::Tensor force(const at::Tensor& x) const;    // dS_b/dx (the derivative, as Target::force)

 private:
  AnnealBase& base_;
  const Target& target_;
  double b_;
};

}  // namespace bbg
