// Adapter: a Potential (U = S) built from a Target's tensor action() and force(), for
// targets without a native kernel (one configuration at a time; slower).
#pragma once
#include <memory>

#include "bbg/sampler/potential.hpp"

namespace bbg {
class Target;
std::unique_ptr<Potential> make_tensor_potential(const Target& target);
}  // namespace bbg
