// Exact enumeration of the Falicov-Kimball model (exact/falicov_kimball_model.hpp):
//   Z = sum_x exp(-S(x)),  S(x) = beta F(x) = -sum_k ln(2 cosh(beta eps_k(x) / 2)),
// over all 2^N occupations x (grand canonical), or over the C(N, n) with sum_i x_i = n
// (canonical in the classical particles), one eigenproblem each, weights summed in
// log space. Observables (per site, N = Lx Ly):
//   e = <E(x)> / N,  C = beta^2 N (<e2> - <e>^2) with e2 = <H^2>_x / N^2,
//   S(pi, pi) and <S(pi, pi)^2>, Binder U = 1 - <S^2> / (3 <S>^2), occupation <n> = <sum_i x_i> / N.
// Reference: L. Huang and L. Wang, Phys. Rev. B 95, 035105 (2017), arXiv:1610.02746
// (the section on the Falicov-Kimball model).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "bbg/exact/falicov_kimball_model.hpp"

namespace bbg {
namespace exact {

struct FalicovKimballExact {
  double log_z = 0;
  double energy = 0, energy2 = 0, specific_heat = 0;
  double structure_factor = 0, structure_factor2 = 0, binder = 0;
  double occupation = 0;
  int64_t configurations = 0;  // how many were summed
  std::string method;
};

// N <= 20 sites (else std::invalid_argument); particles in [0, N] or none.
FalicovKimballExact enumerate_falicov_kimball(const FalicovKimballModel& model, double beta,
                                              std::optional<int64_t> particles = std::nullopt);

}  // namespace exact
}  // namespace bbg
