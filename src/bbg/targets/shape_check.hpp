// Reading and validating a lattice shape from a [target] section.
#pragma once
#include <cstdint>
#include <vector>

namespace bbg {
class ConfigSection;

// Reads `shape` (a list of positive integers with min_dim..max_dim entries).
std::vector<int64_t> read_lattice_shape(const ConfigSection& section, const std::vector<int64_t>& fallback,
                                        int64_t min_dim, int64_t max_dim);
}  // namespace bbg
