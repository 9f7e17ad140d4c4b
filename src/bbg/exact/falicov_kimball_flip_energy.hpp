// Incremental exact action of the Falicov-Kimball model (exact/falicov_kimball_model.hpp)
// for single-site flips: S = beta F of the current configuration, and S after flipping one
// site in O(N^2) instead of the O(N^3) of a new eigenproblem (docs/surrogate_mc.md, "Speed
// of the exact energy").
//
// Flipping site k (s_k -> -s_k) changes h(x) only in h_kk = U s_k / 2, by c = -U s_k:
//   h' = h + c e_k e_k^T.  With h = V diag(lambda) V^T,  V^T h' V = diag(lambda) + c z z^T,
// z = V^T e_k (row k of V), so the new eigenvalues are those of a diagonal-plus-rank-one
// matrix (exact/rank_one_update.hpp: the secular equation, with deflation of z_j ~ 0 and of
// degenerate lambdas), O(N^2). The state keeps lambda and V. Accepting a flip updates both
// by the same rank-one formulas, V' = V Q with Q the eigenvectors of diag(lambda) + c z z^T
// (one N x K x K matrix product, K <= N the coupled eigenvalues), and every `refresh_every`
// accepted flips (and whenever the secular solver fails to converge) recomputes them from
// h(x) by dsyevd with eigenvectors, O(N^3), so rounding cannot accumulate. A pair exchange
// changes two diagonal entries: two rank-one changes in sequence. pair_action makes the first
// with eigenvectors of the small problem (O(N^2)), carries only row j of V into the new basis
// (O(N^2)) and solves the second secular equation on it (O(N^2)); accept_pair is two
// accept_flip. Wherever a secular solve fails to converge, the full solve takes over.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/exact/falicov_kimball_model.hpp"
#include "bbg/exact/rank_one_update.hpp"
#include "bbg/exact/symmetric_eigenvalues.hpp"

namespace bbg {
namespace exact {

class FalicovKimballFlipEnergy {
 public:
  // Keeps a reference to `model`; spins: N values ±1 (row-major, as the model's);
  // refresh_every >= 1 (std::invalid_argument otherwise), 1: a full decomposition per accept.
  FalicovKimballFlipEnergy(const FalicovKimballModel& model, double beta, const double* spins,
                           int64_t refresh_every = 64);

  int64_t sites() const { return model_.sites(); }
  const std::vector<double>& spins() const { return spins_; }
  // S = beta F of the current configuration (the target's action_of, grand canonical).
  double action() const { return action_; }
  // S after flipping `site`, O(N^2); the state is unchanged.
  double flip_action(int64_t site);
  // S after flipping two different sites i and j (a pair exchange when s_i = -s_j), O(N^2);
  // the state is unchanged.
  double pair_action(int64_t i, int64_t j);
  // Make the flip (the exchange: two flips) the current state: the rank-one update of lambda
  // and V, or (every refresh_every-th flip) one eigenproblem with eigenvectors.
  void accept_flip(int64_t site);
  void accept_pair(int64_t i, int64_t j);
  // Start again from another configuration.
  void reset(const double* spins);

 private:
  void check_site(int64_t site) const;          // std::out_of_range
  void check_pair(int64_t i, int64_t j) const;  // and std::invalid_argument for i == j
  void decompose();
  double full_action();  // S of spins_, eigenvalues only

  const FalicovKimballModel& model_;
  double beta_;
  int64_t refresh_every_, since_refresh_ = 0;
  std::vector<double> spins_;
  std::vector<double> lambda_;  // eigenvalues of h(x), ascending
  std::vector<double> rows_;    // V row-major: rows_[k * N + j] = V_kj = (e_k . v_j)
  double action_ = 0;
  std::vector<double> h_, mu_, row_;
  EigenWorkspace eigen_;
  RankOneUpdate update_, second_;
};

}  // namespace exact
}  // namespace bbg
