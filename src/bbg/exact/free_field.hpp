// Free lattice scalar field (phi^4 at lambda = 0) on a periodic hypercubic lattice.
//
//   S = sum_x [ phi(x)^2 - 2 kappa sum_mu phi(x) phi(x+mu) ] = (1/2) phi^T A phi,
//   A has the plane-wave eigenvalues a_k = 2 (1 - 2 kappa sum_mu cos(2 pi k_mu / L_mu)),
//   ln Z = (V/2) ln(2 pi) - (1/2) sum_k ln a_k      (requires every a_k > 0),
// and the Gaussian moments of m = (1/V) sum_x phi(x):
//   <m> = 0, <m^2> = 1/(V a_0), <|m|> = sqrt(2 <m^2> / pi), <m^4> = 3 <m^2>^2, U = 0,
//   chi = V (<m^2> - <|m|>^2), <S>/V = 1/2 (equipartition),
//   G_c(t) = (1/T) sum_{k=0}^{T-1} cos(2 pi k t / T) / a(k, 0, ..., 0)   (time axis 0, extent T).
// Reference: e.g. I. Montvay and G. Münster, Quantum Fields on a Lattice (CUP 1994), §1.2 and §3.1;
// M. Lüscher and P. Weisz, Nucl. Phys. B 290, 25 (1987) for the hopping-parameter form.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

// Throws std::invalid_argument (naming the allowed kappa interval) if some a_k <= 0.
FieldExact free_field(const std::vector<int64_t>& shape, double kappa);

}  // namespace exact
}  // namespace bbg
