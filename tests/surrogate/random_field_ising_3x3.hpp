// The test model of the surrogate chains: a 3x3 periodic random-field Ising model at
// beta = 0.4 (512 states, so exact enumeration is the oracle). E = beta H in units of kT.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace bbg::rfim3 {

constexpr int64_t kL = 3, kN = kL * kL;
inline const std::vector<double> kField = {0.3, -0.2, 0.5, 0.0, -0.4, 0.1, 0.25, -0.15, 0.05};
constexpr double kBeta = 0.4;

inline double energy(const std::vector<double>& s) {  // beta H, periodic nearest neighbours
  double e = 0.0;
  for (int64_t i = 0; i < kN; ++i) {
    const int64_t x = i % kL, y = i / kL;
    e -= kBeta * s[i] * (s[y * kL + (x + 1) % kL] + s[((y + 1) % kL) * kL + x] + kField[i]);
  }
  return e;
}

inline double exact_flip_delta(const std::vector<double>& s, int64_t k) {
  std::vector<double> t = s;
  t[k] = -t[k];
  return energy(t) - energy(s);
}

// <E> under exp(-E) by enumeration.
inline double exact_mean_energy() {
  double z = 0.0, ez = 0.0;
  for (int64_t c = 0; c < (1 << kN); ++c) {
    std::vector<double> s(kN);
    for (int64_t i = 0; i < kN; ++i) s[i] = (c >> i) & 1 ? 1.0 : -1.0;
    const double e = energy(s), w = std::exp(-e);
    z += w, ez += w * e;
  }
  return ez / z;
}

}  // namespace bbg::rfim3
