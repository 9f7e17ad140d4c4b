// Exact partition function of the 2D Ising model (h = 0) on a finite periodic
// L x M lattice, and Onsager's infinite-lattice free energy.
//
// Kaufman's formula (B. Kaufman, Phys. Rev. 76, 1232 (1949); in the form of
// P. D. Beale, Phys. Rev. Lett. 76, 78 (1996)), K = beta J > 0:
//   Z = (1/2) (2 sinh 2K)^{LM/2} (Z_1 + Z_2 + Z_3 + Z_4),
//   Z_1 = prod_{r=0}^{L-1} 2 cosh(M gamma_{2r+1} / 2),  Z_2 = prod_r 2 sinh(M gamma_{2r+1} / 2),
//   Z_3 = prod_{r=0}^{L-1} 2 cosh(M gamma_{2r}   / 2),  Z_4 = prod_r 2 sinh(M gamma_{2r}   / 2),
//   cosh gamma_k = cosh 2K coth 2K - cos(pi k / L)  (gamma_k > 0),   gamma_0 = 2K + ln tanh K,
// where gamma_0 < 0 for K < K_c makes Z_4 negative. The four terms are combined by a
// signed log-sum-exp (the gamma_0 factor of Z_4 is kept as a separate smooth factor, so Z_4 = 0
// at K = K_c is harmless); cosh gamma_k - 1 = (sinh 2K - 1)^2 / sinh 2K + 2 sin^2(pi k / 2L) has
// no cancellation. d ln Z / d beta and d^2 ln Z / d beta^2 are propagated exactly with
// second-order forward-mode dual numbers (the second derivative of the log-sum-exp in centred
// form), giving
//   energy per site e = -(1/V) d ln Z / d beta,  C = (beta^2 / V) d^2 ln Z / d beta^2.
// To keep the derivatives accurate at both ends, gamma_k = G + eps_k with a k-independent G
// (2K for K >= 0.9 K_c, ln(2 cosh 2K coth 2K) below) whose contribution is summed analytically
// into the prefactor and eps_k is evaluated to full relative accuracy (see kaufman.cpp).
// Measured accuracy (J = 1, against the transfer matrix): ln Z and e ~1e-15 relative for
// beta in [1e-3, 10] (e ~1e-12 at beta = 1e-3); C ~1e-13 relative for beta <= 2, ~1e-10 at
// beta = 3, and an absolute error ~1e-18 beyond (where C ~ e^{-8 beta} is itself tiny).
// Convention: bonds (x, x + e_mu) for every site and axis (for extent 2 both bonds of a pair count).
//
// Onsager (L. Onsager, Phys. Rev. 65, 117 (1944)), per site, with k = 2 sinh 2K / cosh^2 2K:
//   ln Z / N = ln(2 cosh 2K) + (1/pi) int_0^{pi/2} ln[(1 + sqrt(1 - k^2 sin^2 t)) / 2] dt,
// evaluated by adaptive Gauss–Kronrod quadrature to ~1e-14.
#pragma once
#include <cmath>
#include <cstdint>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

// Critical coupling of the square-lattice Ising model (J = 1): beta_c = ln(1 + sqrt 2) / 2.
constexpr double ising_2d_beta_c = 0.44068679350977151262;

// Finite periodic L x M lattice at h = 0; J > 0 required (J < 0 throws std::invalid_argument),
// L, M >= 2, beta >= 0. Fills log_z, energy, specific_heat; the magnetisation entries stay empty.
IsingExact kaufman_ising_2d(int64_t L, int64_t M, double beta, double J = 1.0);

// Onsager's ln Z / N of the infinite square lattice.
double onsager_ising_2d_log_z_per_site(double beta, double J = 1.0);

}  // namespace exact
}  // namespace bbg
