// Exact 2D Ising model (any J, any h) on a periodic L0 x L1 lattice by the
// row-to-row transfer matrix (H. A. Kramers and G. H. Wannier, Phys. Rev. 60, 252 (1941);
// e.g. R. J. Baxter, Exactly Solved Models in Statistical Mechanics, ch. 7).
//
// Rows of width w = min(L0, L1) <= 10 (2^w states sigma), L = max(L0, L1) rows:
//   T(s, s') = exp(beta [ r(s)/2 + J sum_i s_i s'_i + r(s')/2 ]),  r(s) = J sum_i s_i s_{i+1} + h sum_i s_i,
//   Z = Tr T^L = sum_k lambda_k^L   (symmetric T = U diag(lambda) U^T, eigh),
// with the bond convention (x, x + e_mu) for every site (extent 2: both bonds count).
// All traces are normalised by the Perron eigenvalue lambda_0 (and T by its largest
// entry), so large beta cannot overflow. Exact beta derivatives (no finite differences):
//   d Tr T^L = L Tr(T' T^{L-1}),
//   d^2 Tr T^L = L Tr(T'' T^{L-1}) + L sum_{kl} (U^T T' U)_{kl}^2 g_{L-2}(lambda_k, lambda_l),
//   g_n(a, b) = sum_{j=0}^{n} a^j b^{n-j}   (divided difference, evaluated stably),
// giving e = -(1/V) d ln Z/d beta and C = (beta^2/V) d^2 ln Z/d beta^2. The magnetisation
// m2 = <m^2> = (1/V) sum_j <s_0 s_j> = (1/(V w)) sum_{r=0}^{L-1} <M_row(0) M_row(r)> with
//   sum_{r>=1} Tr(D T^r D T^{L-r}) = sum_{kl} (U^T D U)_{kl}^2 lambda_k lambda_l g_{L-2}(lambda_k, lambda_l),
// D = diag(M_row), M_row(s) = sum_i s_i.
#pragma once
#include <cstdint>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

// Fills log_z, energy, specific_heat, m2 (abs_m, chi, binder stay empty).
// Throws std::invalid_argument if min(L0, L1) > 10 or an extent < 1.
IsingExact ising_transfer_matrix_2d(int64_t L0, int64_t L1, double beta, double J, double h);

}  // namespace exact
}  // namespace bbg
