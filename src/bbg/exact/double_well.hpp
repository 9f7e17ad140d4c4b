// Quantum double well as a periodic Euclidean lattice path integral, solved by a
// numerically exact transfer matrix.
//
// Lattice action (N time slices, a = beta / N, x_N = x_0, no measure prefactor):
//   S(x) = sum_{i=0}^{N-1} [ mass (x_{i+1} - x_i)^2 / (2 a) + a lambda (x_i^2 - eta^2)^2 ],
//   Z = int d^N x exp(-S(x)) = Tr K^N,
//   K(x, y) = exp(-a V(x)/2) exp(-mass (x - y)^2 / (2a)) exp(-a V(y)/2),  V(x) = lambda (x^2 - eta^2)^2.
// The kernel is discretised by Nyström's method (symmetrised: K_ij = sqrt(w_i) K(x_i, x_j) sqrt(w_j))
// on n Gauss–Legendre nodes, n/2 on [0, X] mirrored to [-X, 0] (no node at x = 0, so the
// sign projectors P± are exact and every integral, including the ones restricted to x > 0,
// converges geometrically; a midpoint grid would leave an O(h^2) error in the restricted
// traces). Parity splits K into even/odd blocks K_e,o = K_{++} ± K_{+-} of size n/2:
//   Z = Tr K_e^N + Tr K_o^N,   <x^2> = [Tr(X^2 K_e^N) + Tr(X^2 K_o^N)] / Z,
//   tunnelling = 1 - [Tr (P+ K P+)^N + Tr (P- K P-)^N] / Z = 1 - 2 Tr K_{++}^N / Z,
// all by symmetric eigendecomposition, normalised by the largest eigenvalue (log space).
// <x^2> is <x_0^2> = (1/N) sum_i <x_i^2> (translation invariance); tunnelling is the
// probability that the path visits both signs of x.
// Grid: X is the larger of the points where beta V(X) = 40 and where the WKB factor
// 2 int_eta^X sqrt(2 mass V) dx = 40, then enlarged until the x_0 marginal at the edge
// (computed by positive matrix–vector iteration, free of cancellation) times 2X max(1, X^2)
// is below 1e-16. Automatic mode (grid_points = 0) doubles n from 200 until ln Z, <x^2>
// and the tunnelling change by less than 1e-10 (relative; ln Z relative to max(1, |ln Z|),
// tunnelling relative to max(t, 1e-3)), at most 6400 nodes.
// References: R. P. Feynman and A. R. Hibbs, Quantum Mechanics and Path Integrals (1965);
// M. Creutz and B. Freedman, Ann. Phys. 132, 427 (1981) (lattice double well);
// E. J. Nyström, Acta Math. 54, 185 (1930).
#pragma once
#include <cstdint>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

// N >= 1, beta > 0, mass > 0, lambda > 0. grid_points: 0 = automatic, otherwise an even
// number >= 2 of nodes (throws std::invalid_argument for odd or negative values).
DoubleWellExact double_well_transfer_matrix(int64_t N, double beta, double mass, double lambda, double eta,
                                            int64_t grid_points = 0);

}  // namespace exact
}  // namespace bbg
