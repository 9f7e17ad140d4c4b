#include "bbg/targets/target.hpp"

#include <ATen/ATen.h>
#include <sstream>

namespace bbg {

int64_t Target::event_size() const {
  int64_t n = 1;
  for (int64_t l : event_shape()) n *= l;
  return n;
}

at::Tensor Target::autograd_force(const at::Tensor& x) const {
  at::AutoGradMode enable(true);
  at::Tensor xg = x.detach().clone().set_requires_grad(true);
  at::Tensor s = action(xg).sum();
  s.backward();
  return xg.grad().detach();
}

at::Tensor Target::force(const at::Tensor& x) const { return autograd_force(x); }

std::string Target::describe() const {
  std::ostringstream os;
  os << kind() << " ";
  auto shape = event_shape();
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? "x" : "") << shape[i];
  for (const auto& [k, v] : parameters()) os << " " << k << "=" << v;
  return os.str();
}

}  // namespace bbg
