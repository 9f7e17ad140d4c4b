// The Falicov-Kimball model on a periodic Lx x Ly square lattice, one classical
// configuration at a time: its one-body matrix, the spectrum, and the fermion
// thermodynamics at half filling (docs/surrogate_mc.md, "The target").
//
//   H(x) = -t sum_<ij> (c_i^+ c_j + h.c.) + U sum_i (x_i - 1/2)(n_i - 1/2),   x_i in {0, 1},
// normal-ordered one-body form (mu = 0, particle-hole symmetric):
//   H(x) = sum_ij c_i^+ h_ij(x) c_j + C(x),
//   h_ij = -t A_ij + delta_ij U (x_i - 1/2),   C(x) = -(U/2) sum_i (x_i - 1/2) = -(1/2) tr h,
// A_ij = number of bonds (x, x + e_mu) joining i and j, one per site and axis. For
// extent 2 along an axis both bonds of a pair count, so A_ij = 2 there (h_ij = -2t):
// h = -t sum_mu (T_mu + T_mu^+) with T_mu the periodic translation, and at U = 0 the
// spectrum is eps_k = -2t (cos kx + cos ky), k = 2 pi n / L, for every L >= 2 (the
// convention of the Ising target and exact/enumeration.hpp). Extent 1 is not allowed.
//
// Tracing out the fermions (grand canonical, mu = 0), Z = sum_x exp(-beta F(x)) with
//   F(x) = C(x) - T sum_k ln(1 + exp(-beta eps_k)) = -T sum_k ln(2 cosh(beta eps_k / 2)),
// eps_k the eigenvalues of h(x) (sum_k eps_k = tr h turns C into the symmetric form).
// The action is S(x) = beta F(x) = -sum_k ln(2 cosh(beta eps_k / 2)). Given x,
//   E(x)     = <H>_x   = sum_k eps_k f(eps_k) + C(x) = -sum_k (eps_k / 2) tanh(beta eps_k / 2),
//   <H^2>_x  = E(x)^2 + sum_k eps_k^2 f (1 - f) = E(x)^2 + sum_k (eps_k / 2)^2 / cosh^2(beta eps_k / 2),
// f = 1 / (exp(beta eps) + 1); <H^2> = sum_x p(x) <H^2>_x gives C_V = beta^2 (<H^2> - <H>^2)
// (the fermion fluctuation at fixed x is part of the heat capacity).
// On a bipartite lattice (even extents) D h(x) D = -h(1 - x), D = diag((-1)^(ix + iy)) (the
// particle-hole map c_i -> (-1)^i c_i^+), so the spectrum flips sign and F(x) = F(1 - x).
// Checkerboard structure factor S(pi, pi) = (1/N) |sum_i (-1)^(ix + iy) (x_i - 1/2)|^2.
// Configurations come as spins s_i = 2 x_i - 1 (x_i - 1/2 = s_i / 2), row-major [Lx, Ly].
// Reference: L. Huang and L. Wang, Phys. Rev. B 95, 035105 (2017), arXiv:1610.02746
// (the section on the Falicov-Kimball model);
// M. M. Maska and K. Czajka, Phys. Rev. B 74, 035109 (2006).
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/exact/symmetric_eigenvalues.hpp"

namespace bbg {
namespace exact {

// What the fermions contribute for one classical configuration (totals, not per site).
struct FermionThermodynamics {
  double action = 0;          // S = beta F(x)
  double energy = 0;          // E(x) = <H>_x
  double energy_squared = 0;  // <H^2>_x
};

class FalicovKimballModel {
 public:
  // Extents Lx, Ly >= 2 (else std::invalid_argument).
  FalicovKimballModel(int64_t lx, int64_t ly, double hopping, double interaction);

  int64_t sites() const { return lx_ * ly_; }
  double hopping() const { return hopping_; }
  double interaction() const { return interaction_; }

  // h(x) of spins s (length N, values ±1), row-major N x N, written to `h`.
  void one_body_matrix(const double* spins, double* h) const;
  // Eigenvalues of h(x), ascending, written to `eps` (length N); `h` is N x N scratch.
  void spectrum(const double* spins, double* eps, double* h, EigenWorkspace& workspace) const;
  // S(pi, pi) of spins s.
  double structure_factor(const double* spins) const;

 private:
  int64_t lx_, ly_;
  double hopping_, interaction_;
  std::vector<double> hopping_matrix_;  // -t A, N x N
  std::vector<double> stagger_;         // (-1)^(ix + iy)
};

// S, E and <H^2> at inverse temperature beta from the N eigenvalues eps.
FermionThermodynamics fermion_thermodynamics(const double* eps, int64_t n, double beta);
// S alone (the same number as fermion_thermodynamics(...).action).
double fermion_action(const double* eps, int64_t n, double beta);

}  // namespace exact
}  // namespace bbg
