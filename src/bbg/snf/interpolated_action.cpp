#include "bbg/snf/interpolated_action.hpp"

#include <ATen/ATen.h>

#include <stdexcept>
#include <string>

#include "bbg/snf/anneal_base.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

InterpolatedAction::InterpolatedAction(AnnealBase& base, const Target& target, double b)
    : base_(base), target_(target), b_(b) {
  if (!(b >= 0.0 && b <= 1.0)) throw std::invalid_argument("InterpolatedAction: b = " + std::to_string(b));
}

AnnealState InterpolatedAction::evaluate(const at::Tensor& x) const { return {x, base_.action(x), target_.action(x)}; }

at::Tensor InterpolatedAction::action(const AnnealState& s) const {
  return (1.0 - b_) * s.base_action + b_ * s.target_action;
}

at::Tensor InterpolatedAction::force(const at::Tensor& x) const {
  if (b_ == 0.0) return base_.force(x);
  if (b_ == 1.0) return target_.force(x);
  return (1.0 - b_) * base_.force(x) + b_ * target_.force(x);
}

}  // namespace bbg
