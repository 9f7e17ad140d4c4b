// The effective-Hamiltonian features: the local flip difference equals the full
// recomputation on every site, a pair exchange is two flips, the classes are those of the
// square lattice, and a linear energy in them is recovered by the conjugate posterior.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/surrogate/conjugate_linear.hpp"
#include "bbg/surrogate/lattice_features.hpp"

namespace bbg {
namespace {

std::vector<double> random_spins(int64_t n, Rng& rng) {
  std::vector<double> s(static_cast<size_t>(n));
  for (auto& v : s) v = rng.uniform() < 0.5 ? -1.0 : 1.0;
  return s;
}

TEST(LatticeFeatures, ClassesOfRangeTwo) {
  const LatticeFeatures f(5, 2, true);
  const std::vector<std::string> expected = {"E0",        "field",     "pair(0,1)", "pair(0,2)",
                                             "pair(1,1)", "pair(1,2)", "pair(2,2)", "plaquette"};
  EXPECT_EQ(f.names(), expected);
  // All spins up: sigma = 1/2, each class has |H_c| vectors per site.
  std::vector<double> up(25, 1.0), phi(f.size());
  f.features(up.data(), phi.data());
  EXPECT_DOUBLE_EQ(phi[1], 12.5);
  EXPECT_DOUBLE_EQ(phi[2], 25 * 2 * 0.25);  // nearest neighbours: 2 per site
  EXPECT_DOUBLE_EQ(phi[4], 25 * 2 * 0.25);  // diagonals (1,1), (-1,1)
  EXPECT_DOUBLE_EQ(phi[5], 25 * 4 * 0.25);  // (1,2) and its 3 images up to sign
  EXPECT_DOUBLE_EQ(phi[7], 25 * 0.0625);
}

TEST(LatticeFeatures, FlipDifferenceIsTheFullRecomputation) {
  Rng rng(4);
  for (const auto& [length, range] : {std::pair<int64_t, int64_t>{4, 2}, {5, 2}, {2, 1}, {6, 3}}) {
    const LatticeFeatures f(length, range, true);
    std::vector<double> s = random_spins(length * length, rng), before(f.size()), after(f.size()), d(f.size());
    for (int64_t k = 0; k < f.sites(); ++k) {
      f.features(s.data(), before.data());
      f.flip_difference(s.data(), k, d.data());
      s[k] = -s[k];
      f.features(s.data(), after.data());
      for (int64_t j = 0; j < f.size(); ++j)
        EXPECT_NEAR(after[j] - before[j], d[j], 1e-12) << "L=" << length << " site " << k << " " << f.names()[j];
    }
  }
}

TEST(LatticeFeatures, PairExchangeIsTwoFlipsAndKeepsTheField) {
  Rng rng(6);
  const LatticeFeatures f(4, 2, false);
  std::vector<double> s = random_spins(16, rng);
  int64_t occupied = -1, empty = -1;
  for (int64_t i = 0; i < 16; ++i) (s[i] > 0 ? occupied : empty) = i;
  ASSERT_GE(occupied, 0);
  ASSERT_GE(empty, 0);
  std::vector<double> before(f.size()), after(f.size()), d1(f.size()), d2(f.size());
  f.features(s.data(), before.data());
  f.flip_difference(s.data(), occupied, d1.data());
  s[occupied] = -s[occupied];
  f.flip_difference(s.data(), empty, d2.data());
  s[empty] = -s[empty];
  f.features(s.data(), after.data());
  EXPECT_NEAR(after[1] - before[1], 0.0, 1e-12);
  for (int64_t j = 0; j < f.size(); ++j) EXPECT_NEAR(after[j] - before[j], d1[j] + d2[j], 1e-12);
}

TEST(LatticeFeatures, ConjugatePosteriorRecoversALinearEnergy) {
  // F = phi . w_true exactly (sigma small): the posterior mean finds w_true, and its
  // epistemic sd of a flip's energy difference is far below the difference.
  Rng rng(8);
  const LatticeFeatures f(4, 2, true);
  std::vector<double> w_true = {3.0, 0.0, -1.0, 0.3, 0.2, -0.05, 0.02, 0.4};
  const int64_t n = 400;
  std::vector<double> phi(n * f.size()), y(n);
  for (int64_t i = 0; i < n; ++i) {
    const std::vector<double> s = random_spins(16, rng);
    f.features(s.data(), phi.data() + i * f.size());
    y[i] = 1e-3 * rng.normal();
    for (int64_t j = 0; j < f.size(); ++j) y[i] += phi[i * f.size() + j] * w_true[j];
  }
  const ConjugateLinearPosterior post(phi, y, f.size(), {10.0}, 1e-3);
  for (int64_t j = 0; j < f.size(); ++j)
    EXPECT_NEAR(post.mean()[j], w_true[j], 5 * std::sqrt(post.covariance()[j * f.size() + j]) + 1e-12) << f.names()[j];
  const std::vector<double> s = random_spins(16, rng);
  std::vector<double> d(f.size());
  f.flip_difference(s.data(), 5, d.data());
  double exact = 0.0;
  for (int64_t j = 0; j < f.size(); ++j) exact += d[j] * w_true[j];
  EXPECT_NEAR(post.predictive_mean(d.data()), exact, 5 * std::sqrt(post.epistemic_variance(d.data())) + 1e-12);
  EXPECT_LT(std::sqrt(post.epistemic_variance(d.data())), 1e-2);
}

}  // namespace
}  // namespace bbg
