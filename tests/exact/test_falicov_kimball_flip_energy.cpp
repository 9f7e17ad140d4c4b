// The incremental Falicov-Kimball action (exact/falicov_kimball_flip_energy.hpp) and the
// rank-one eigen-update under it (exact/rank_one_update.hpp). Every flip_action against a full
// eigenvalue solve of the flipped configuration to 1e-10 relative: random 4x4, 6x6 and 8x8
// configurations at U = 4 and at U = 0 (the degenerate free band, where c = -U s_k = 0 and a
// flip must change nothing), before and after sequences of accepted flips (rank-one updates
// of the eigenvectors, with and without the periodic full decomposition); the empty, full and
// checkerboard configurations at U = 4 (eigenvalues of multiplicity up to 6). pair_action (two
// rank-one changes) on every pair of 4x4 and random pairs of 8x8. The rank-one update itself
// against dsyevd: repeated d, zero and tiny z components, both signs of rho; its eigenvectors
// orthonormal with M q = mu q.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/exact/falicov_kimball_flip_energy.hpp"

namespace bbg {
namespace exact {
namespace {

std::vector<double> random_spins(int64_t n, uint64_t seed) {
  Rng rng(seed, 0);
  std::vector<double> s(n);
  for (auto& v : s) v = rng.uniform() < 0.5 ? 1.0 : -1.0;
  return s;
}

std::vector<double> checkerboard(int64_t l) {
  std::vector<double> s(l * l);
  for (int64_t ix = 0; ix < l; ++ix)
    for (int64_t iy = 0; iy < l; ++iy) s[ix * l + iy] = (ix + iy) % 2 == 0 ? 1.0 : -1.0;
  return s;
}

// S of spins by one eigenvalue solve (what the target's action_of does).
double full_action(const FalicovKimballModel& model, const std::vector<double>& spins, double beta) {
  const int64_t n = model.sites();
  std::vector<double> eps(n), h(n * n);
  EigenWorkspace ws;
  model.spectrum(spins.data(), eps.data(), h.data(), ws);
  return fermion_action(eps.data(), n, beta);
}

// flip_action of every site against the full solve; returns the largest relative error.
double check_every_flip(FalicovKimballFlipEnergy& energy, const FalicovKimballModel& model, double beta) {
  double worst = 0;
  std::vector<double> s = energy.spins();
  const double before = energy.action();
  for (int64_t k = 0; k < model.sites(); ++k) {
    s[k] = -s[k];
    const double exact = full_action(model, s, beta), fast = energy.flip_action(k);
    s[k] = -s[k];
    worst = std::max(worst, std::abs(fast - exact) / std::abs(exact));
    EXPECT_EQ(energy.action(), before) << "flip_action changed the state";
  }
  EXPECT_EQ(energy.spins(), s);
  return worst;
}

TEST(FalicovKimballFlipEnergy, EveryFlipMatchesTheFullSolveOnRandomConfigurations) {
  const double beta = 1.0 / 0.15;
  for (const int64_t l : {4, 6, 8}) {
    for (const double u : {4.0, 0.0}) {
      const FalicovKimballModel model(l, l, 1.0, u);
      const auto spins = random_spins(l * l, 100 + l);
      FalicovKimballFlipEnergy energy(model, beta, spins.data());
      EXPECT_NEAR(energy.action(), full_action(model, spins, beta), 1e-12 * std::abs(energy.action()));
      EXPECT_LT(check_every_flip(energy, model, beta), 1e-10) << "L = " << l << ", U = " << u;
      // a sequence of accepted flips (rank-one updates, no refresh within 12), then every
      // flip again; then a pair (a full decomposition) and more flips
      Rng rng(7, l);
      for (int m = 0; m < 12; ++m) energy.accept_flip(static_cast<int64_t>(rng.below(l * l)));
      EXPECT_NEAR(energy.action(), full_action(model, energy.spins(), beta), 1e-12 * std::abs(energy.action()));
      EXPECT_LT(check_every_flip(energy, model, beta), 1e-10) << "L = " << l << ", U = " << u << " after accepts";
      energy.accept_pair(0, l * l - 1);
      for (int m = 0; m < 5; ++m) energy.accept_flip(static_cast<int64_t>(rng.below(l * l)));
      EXPECT_LT(check_every_flip(energy, model, beta), 1e-10) << "L = " << l << ", U = " << u << " after a pair";
    }
  }
}

TEST(FalicovKimballFlipEnergy, ManyRankOneUpdatesWithoutRefreshStayAccurate) {
  // 400 accepted flips on 8 x 8 with no full decomposition in between (refresh_every larger),
  // at U = 4 and at U = 0, where every flip returns to a degenerate band at some point.
  const double beta = 1.0 / 0.15;
  for (const double u : {4.0, 0.0}) {
    const FalicovKimballModel model(8, 8, 1.0, u);
    const auto spins = random_spins(64, 9);
    FalicovKimballFlipEnergy energy(model, beta, spins.data(), 1000);
    Rng rng(8, 0);
    for (int m = 0; m < 400; ++m) energy.accept_flip(static_cast<int64_t>(rng.below(64)));
    EXPECT_NEAR(energy.action(), full_action(model, energy.spins(), beta), 1e-11 * std::abs(energy.action()));
    EXPECT_LT(check_every_flip(energy, model, beta), 1e-10) << "U = " << u;
  }
  const FalicovKimballModel model(4, 4, 1.0, 4.0);
  const auto spins = random_spins(16, 9);
  EXPECT_THROW(FalicovKimballFlipEnergy(model, 1.0, spins.data(), 0), std::invalid_argument);
}

TEST(FalicovKimballFlipEnergy, DegenerateConfigurations) {
  // The empty lattice (and the full one) has the free band shifted by -U/2: eigenvalues of
  // multiplicity up to 6 at L = 8; the checkerboard pairs them as well. beta = 1 and 20.
  for (const int64_t l : {4, 8}) {
    const FalicovKimballModel model(l, l, 1.0, 4.0);
    const std::vector<double> empty(l * l, -1.0), full(l * l, 1.0);
    for (const double beta : {1.0, 20.0}) {
      for (const auto& s : {empty, full, checkerboard(l)}) {
        FalicovKimballFlipEnergy energy(model, beta, s.data());
        EXPECT_LT(check_every_flip(energy, model, beta), 1e-10) << "L = " << l << ", beta = " << beta;
      }
    }
  }
}

TEST(FalicovKimballFlipEnergy, PairActionMatchesTheFullSolve) {
  // every pair (i, j) of 4 x 4 and 60 random pairs of 8 x 8: random, empty (degenerate) and
  // after accepted pairs; both flips in the same direction too (pair_action is any two flips)
  const double beta = 1.0 / 0.15;
  for (const int64_t l : {4, 8}) {
    const int64_t n = l * l;
    const FalicovKimballModel model(l, l, 1.0, 4.0);
    for (const auto& start : {random_spins(n, 5), std::vector<double>(n, -1.0)}) {
      FalicovKimballFlipEnergy energy(model, beta, start.data());
      Rng rng(6, l);
      for (int round = 0; round < 2; ++round) {
        double worst = 0;
        auto s = energy.spins();
        auto check = [&](int64_t i, int64_t j) {
          s[i] = -s[i], s[j] = -s[j];
          const double exact = full_action(model, s, beta);
          s[i] = -s[i], s[j] = -s[j];
          worst = std::max(worst, std::abs(energy.pair_action(i, j) - exact) / std::abs(exact));
        };
        if (l == 4) {
          for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j)
              if (i != j) check(i, j);
        } else {
          for (int m = 0; m < 60; ++m) {
            const auto i = static_cast<int64_t>(rng.below(n)), j = (i + 1 + static_cast<int64_t>(rng.below(n - 1))) % n;
            check(i, j);
          }
        }
        EXPECT_LT(worst, 1e-10) << "L = " << l << ", round " << round;
        EXPECT_EQ(energy.spins(), s);
        for (int m = 0; m < 4; ++m) energy.accept_pair(m, n - 1 - m);
        EXPECT_NEAR(energy.action(), full_action(model, energy.spins(), beta), 1e-12 * std::abs(energy.action()));
      }
    }
  }
}

TEST(FalicovKimballFlipEnergy, BadSites) {
  const FalicovKimballModel model(4, 4, 1.0, 4.0);
  const auto s = random_spins(16, 5);
  FalicovKimballFlipEnergy energy(model, 3.0, s.data());
  EXPECT_THROW(energy.flip_action(16), std::out_of_range);
  EXPECT_THROW(energy.flip_action(-1), std::out_of_range);
  EXPECT_THROW(energy.accept_flip(16), std::out_of_range);
  EXPECT_THROW(energy.pair_action(3, 3), std::invalid_argument);
  EXPECT_THROW(energy.pair_action(3, 17), std::out_of_range);
}

// diag(d) + rho z z^T against dsyevd of the dense matrix; the eigenvectors (transform of the
// identity) orthonormal and M q_i = mu_i q_i.
void expect_rank_one_matches_dense(const std::vector<double>& d, const std::vector<double>& z, double rho) {
  const int n = static_cast<int>(d.size());
  std::vector<double> m(n * n, 0.0), a, dense(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m[i * n + j] = (i == j ? d[i] : 0.0) + rho * z[i] * z[j];
  a = m;
  EigenWorkspace ews;
  symmetric_eigenvalues(a.data(), n, dense.data(), ews);
  double scale = std::abs(rho);
  for (double v : d) scale = std::max(scale, std::abs(v));
  RankOneUpdate update;
  ASSERT_TRUE(update.compute(d.data(), z.data(), rho, n, false));  // eigenvalues only: own solver
  for (int i = 0; i < n; ++i)
    EXPECT_NEAR(update.eigenvalues()[i], dense[i], 1e-13 * scale) << "i = " << i << ", rho = " << rho;
  ASSERT_TRUE(update.compute(d.data(), z.data(), rho, n, true));  // with vectors: dlaed4
  const auto& mu = update.eigenvalues();
  for (int i = 0; i < n; ++i) EXPECT_NEAR(mu[i], dense[i], 1e-13 * scale) << "i = " << i << ", rho = " << rho;
  std::vector<double> q(n * n, 0.0);  // row-major, columns the eigenvectors
  for (int i = 0; i < n; ++i) q[i * n + i] = 1.0;
  update.transform(q.data(), n);
  double orthogonality = 0, residual = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      double dot = 0, mq = 0;
      for (int r = 0; r < n; ++r) dot += q[r * n + i] * q[r * n + j], mq += m[j * n + r] * q[r * n + i];
      orthogonality = std::max(orthogonality, std::abs(dot - (i == j ? 1.0 : 0.0)));
      residual = std::max(residual, std::abs(mq - mu[i] * q[j * n + i]));  // (M q_i)_j - mu_i q_i(j)
    }
  }
  EXPECT_LT(orthogonality, 1e-13) << "rho = " << rho;
  EXPECT_LT(residual, 1e-13 * scale) << "rho = " << rho;
}

TEST(RankOneUpdate, RepeatedDiagonalZeroComponentsBothSigns) {
  Rng rng(3, 0);
  const int n = 40;
  std::vector<double> d(n), z(n);
  for (int i = 0; i < n; ++i) d[i] = std::floor(8.0 * rng.uniform()) - 4.0;  // values repeated ~5 times
  std::sort(d.begin(), d.end());
  for (int i = 0; i < n; ++i) z[i] = i % 7 == 3 ? 0.0 : rng.normal();  // some exactly decoupled
  for (const double rho : {2.5, -2.5, 1e-14, 0.0}) expect_rank_one_matches_dense(d, z, rho);
  // distinct d, z nearly zero in one component, a near-coincident pair
  for (int i = 0; i < n; ++i) d[i] = i + (i == 10 ? 1e-15 : 0.0), z[i] = rng.normal();
  d[11] = d[10] + 1e-14, z[20] = 1e-18;
  for (const double rho : {0.7, -0.7}) expect_rank_one_matches_dense(d, z, rho);
  expect_rank_one_matches_dense({1.0}, {0.5}, -3.0);                     // one coupled component
  expect_rank_one_matches_dense({1.0, 2.0, 2.0}, {0.5, 0.0, 1.0}, 1.5);  // two (dlaed5)
  // widely spread d and z (roots very close to poles), strong and weak coupling
  std::vector<double> wd(30), wz(30);
  for (int i = 0; i < 30; ++i) wd[i] = std::pow(1.7, i - 15) - 0.5, wz[i] = std::pow(10.0, -(i % 6)) * (i % 2 ? 1 : -1);
  for (const double rho : {1e3, 1.0, 1e-3, -1.0}) expect_rank_one_matches_dense(wd, wz, rho);
}

}  // namespace
}  // namespace exact
}  // namespace bbg
