// Configurations for forward-KL training, read from an HDF5 file written by
// `bbg hmc` / `bbg mcmc` (dataset "configurations", [chains, samples, shape...]).
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

// All configurations as one [N, shape...] double tensor; UserError if the file
// is unreadable, has no "configurations", or its event shape differs from `shape`.
at::Tensor load_configurations(const std::string& path, const std::vector<int64_t>& shape);
// The same, keeping the chains apart: [chains, samples, shape...].
at::Tensor load_configuration_chains(const std::string& path, const std::vector<int64_t>& shape);

}  // namespace bbg
