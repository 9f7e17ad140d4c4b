// The Falicov-Kimball configurations of the benches (bench_fk_eigenvalues, bench_fk_flip) and
// of their NumPy / SciPy peer (bench/fk_eigvalsh_numpy.py, which builds the same ones): spin i
// of seed k is the sign bit of the i-th output of splitmix64 started at k (bit set: +1),
// row-major [L, L]; U = 4, t = 1, beta = 1 / 0.15 (configs/falicov_kimball.toml).
#pragma once
#include <cstdint>
#include <vector>

namespace bbg_bench {

constexpr double kFkHopping = 1.0, kFkInteraction = 4.0, kFkBeta = 1.0 / 0.15;

inline std::vector<double> fk_spins(int64_t n, uint64_t seed) {
  std::vector<double> s(n);
  uint64_t x = seed;
  for (auto& v : s) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    v = (z >> 63) != 0 ? 1.0 : -1.0;
  }
  return s;
}

}  // namespace bbg_bench
