#include "bbg/targets/symmetry.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "bbg/targets/target.hpp"

namespace bbg {

bool action_is_even(const Target& target) {
  std::vector<int64_t> shape = {16};
  for (int64_t d : target.event_shape()) shape.push_back(d);
  at::Generator gen = at::detail::createCPUGenerator(20261201);
  at::Tensor x = at::randn(shape, gen, at::TensorOptions().dtype(at::kDouble));
  if (target.discrete()) x = at::where(x > 0, at::ones_like(x), -at::ones_like(x));
  const at::Tensor s = target.action(x), s_flipped = target.action(-x);
  return ((s - s_flipped).abs() <= 1e-10 * (1.0 + s.abs())).all().item<bool>();
}

}  // namespace bbg
