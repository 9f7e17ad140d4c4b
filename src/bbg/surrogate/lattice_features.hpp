// The features of a linear effective Hamiltonian on a periodic L x L lattice of binary
// variables (docs/surrogate_mc.md), F_eff(x) = phi(x) . w, in terms of sigma_i = x_i - 1/2
// (occupations x in {0, 1}; configurations arrive as spins s = 2x - 1, sigma = s / 2):
//   phi_0 = 1                                    (the constant E0)
//   phi_1 = sum_i sigma_i                        (a field; constant at fixed filling)
//   phi_c = sum_i sum_{d in H_c} sigma_i sigma_{i+d}   for each pair class c, d = (dx, dy)
//           with 0 <= |dx|, |dy| <= r, classes by (min, max) of (|dx|, |dy|) (the lattice's
//           symmetry), H_c one vector of each +-d pair of the class;
//   phi_P = sum_i sigma_i sigma_{i+x} sigma_{i+x+y} sigma_{i+y}   (plaquettes), if wanted.
// A single flip of site k changes only the terms that contain it:
//   d phi_1 = -2 sigma_k,  d phi_c = -2 sigma_k sum_{d in H_c} (sigma_{k+d} + sigma_{k-d}),
//   d phi_P = -2 (the 4 plaquette products that contain k),
// O(r^2) work (flip_difference); a pair exchange is two flips. Requires r < L, so no d is a
// multiple of the period (which would make sigma_i sigma_{i+d} = 1/4 a constant).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bbg {

class LatticeFeatures {
 public:
  // L >= 2, 1 <= range < L; std::invalid_argument otherwise.
  LatticeFeatures(int64_t length, int64_t range, bool plaquette);

  int64_t size() const { return static_cast<int64_t>(names_.size()); }  // P
  const std::vector<std::string>& names() const { return names_; }      // "E0", "field", "pair(0,1)", ..., "plaquette"
  int64_t sites() const { return length_ * length_; }

  // spins: L * L values of +-1 (row-major); phi: size() doubles.
  void features(const double* spins, double* phi) const;
  // phi(after flipping site k) - phi(before), without recomputing the rest.
  void flip_difference(const double* spins, int64_t site, double* dphi) const;

 private:
  int64_t neighbour(int64_t site, int64_t dx, int64_t dy) const;
  int64_t length_;
  bool plaquette_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::pair<int64_t, int64_t>>> classes_;  // H_c per pair class
};

}  // namespace bbg
