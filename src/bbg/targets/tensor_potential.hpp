// Adapter: a FieldKernel built from a Target's tensor action() and force(), for
// targets without a native kernel (one configuration at a time; slower).
#pragma once
#include <memory>

#include "bbg/targets/field_kernel.hpp"

namespace bbg {
class Target;
std::unique_ptr<FieldKernel> make_tensor_kernel(const Target& target);
}  // namespace bbg
