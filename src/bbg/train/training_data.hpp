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

// Forward-KL training uses chains [0, train) of the reference file and leaves
// chains [train, total) out, so that the mode-dropping estimator and the
// forward ESS are measured on samples the model was not fitted to (on its own
// training data w_bar is biased upwards: measured 1.36 against 0.96 on
// independent chains, docs/flows.md).
struct ChainSplit {
  int64_t train = 0;    // chains [0, train) for training
  int64_t total = 0;    // held out: [train, total)
  int64_t heldout() const { return total - train; }
};
// holdout in [0, 1): the fraction of chains held out, rounded, at least one
// chain when holdout > 0; UserError when that leaves no chain for training.
ChainSplit split_chains(int64_t chains, double holdout, const std::string& path);

}  // namespace bbg
