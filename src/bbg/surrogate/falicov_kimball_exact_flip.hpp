// The incremental exact Falicov-Kimball action (exact/falicov_kimball_flip_energy.hpp,
// O(N^2) per flip) as the ExactFlipEnergy of the surrogate study's chains.
#pragma once
#include <memory>
#include <vector>

#include "bbg/surrogate/binary_flip_chain.hpp"

namespace bbg {

class Target;

// For a grand canonical FalicovKimballTarget: its incremental exact action (E = S = beta F),
// starting at `spins`; nullptr for any other target (and at fixed particle number).
std::unique_ptr<ExactFlipEnergy> make_exact_flip_energy(const Target& target, const std::vector<double>& spins);

}  // namespace bbg
