// Eigenvalues, and if asked eigenvectors, of a diagonal matrix plus a symmetric rank-one term,
//   M = diag(d) + rho z z^T,   d ascending,
// from the secular equation (Golub, SIAM Review 15 (1973) 318; Bunch, Nielsen and Sorensen,
// Numer. Math. 31 (1978) 31):
//   f(mu) = 1 + rho sum_j z_j^2 / (d_j - mu) = 0,
// one root between consecutive d_j and one beyond the last on the side of rho's sign, O(n)
// work per root, O(n^2) for all. Deflation first, as LAPACK's dlaed2 does it: a component with
// |rho| |z_j| <= tol keeps its eigenvalue d_j; two (nearly) equal d_p, d_j are rotated so that
// one combination no longer couples (it keeps the rotated diagonal entry), which leaves the
// coupled d strictly increasing; tol = 8 eps max(max |d|, |rho| |z|^2), a backward error of
// the order of rounding. The roots of the rest (rho > 0 and unit z; rho < 0 is the same
// problem for -M, d reversed) come from a two-lane vectorised solver with the rational model
// of Bunch, Nielsen and Sorensen in a bracket (about 5 passes over z per root), with
// LAPACK's dlaed4 as the fallback (and for two coupled components). Eigenvectors: the root mu_i has
// q_i ∝ (diag(d) - mu_i)^-1 z, with z replaced by the z-hat for which the computed roots are
// exact (Gu and Eisenstat, SIAM J. Matrix Anal. Appl. 15 (1994) 1266), so the q_i stay
// orthogonal to rounding.
#pragma once
#include <vector>

namespace bbg {
namespace exact {

class RankOneUpdate {
 public:
  // Solves for diag(d) + rho z z^T (n values each); `vectors` also prepares transform().
  // Returns false if neither solver converged (the results are then unusable).
  bool compute(const double* d, const double* z, double rho, int n, bool vectors);
  // The n eigenvalues, ascending.
  const std::vector<double>& eigenvalues() const { return eigenvalues_; }
  // With M = V^T A V for an orthogonal V (columns: basis vectors; z, d in that basis):
  // overwrites v (`rows` x n, row-major, the n columns the basis) with the eigenvectors of A
  // + rho (Vz)(Vz)^T, column i belonging to eigenvalues()[i]. Needs compute(..., true).
  void transform(double* v, int rows);

 private:
  bool positive(const double* d, const double* z, double rho, int n, bool reversed, bool vectors);
  struct Rotation {  // columns p, j -> c p + s j (decoupled), -s p + c j
    int p, j;
    double c, s;
  };
  int n_ = 0;
  double sign_ = 1;                            // -1: the roots were found for -M
  std::vector<double> d_, z_;                  // the coupled part: d strictly increasing, unit z
  std::vector<int> kept_;                      // its original indices
  std::vector<double> q_;                      // K x K: delta_i(j) = d_j - mu_i, then row i = q_i in the kept basis
  std::vector<double> roots_;                  // of the coupled part (for M)
  std::vector<std::pair<double, int>> order_;  // (eigenvalue, source): source >= 0 an original
                                               // (rotated) column, < 0 root -source - 1
  std::vector<Rotation> rotations_;
  std::vector<double> eigenvalues_, reversed_d_, reversed_z_, gathered_, product_, copy_;
};

}  // namespace exact
}  // namespace bbg
