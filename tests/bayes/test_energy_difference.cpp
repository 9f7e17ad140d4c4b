// WeightPotential::estimate_difference on minibatches of n = 16 out of N = 70:
// the estimate of U(to) - U(from) averages to the exact (closed-form) difference,
// and its variance estimate (N^2 / n)(1 - n / N) s_d^2 matches the empirical
// variance of the estimates within 20 %. Without the finite-population factor
// (1 - n / N) = 0.77 the estimate would be 30 % too large, so the check tells.
#include <gtest/gtest.h>

#include "bayes_test_util.hpp"

namespace bbg {
namespace {

using bayes_test::LinearRegression;

TEST(BayesEnergyDifference, UnbiasedWithCalibratedVariance) {
  const LinearRegression lr;
  const auto u = lr.potential(16);
  // A proposal-sized move from the posterior mean (about two posterior sd per coefficient).
  std::vector<double> from = lr.mean, to = lr.mean;
  for (int64_t j = 0; j < lr.d; ++j) to[j] += (j % 2 ? -2.0 : 2.0) * std::sqrt(lr.covariance[j * lr.d + j]);
  const double exact = lr.energy(to.data()) - lr.energy(from.data());
  const int m = 4000;
  std::vector<std::vector<double>> deltas(1);
  double variance_estimate = 0.0;
  Rng rng(17, 0);
  for (int k = 0; k < m; ++k) {
    u->refresh(rng);
    const EnergyDifference e = u->estimate_difference(from.data(), to.data());
    deltas[0].push_back(e.delta);
    variance_estimate += e.variance / m;
  }
  sampler_test::expect_mean_within_errors(deltas, exact, "minibatch U(to) - U(from)");
  // Empirical variance about the exact difference (its relative error ~ sqrt(2 / M) = 2 %).
  double empirical = 0.0;
  for (const double d : deltas[0]) empirical += (d - exact) * (d - exact) / m;
  ASSERT_GT(empirical, 0.0);
  EXPECT_NEAR(variance_estimate / empirical, 1.0, 0.2)
      << "mean variance estimate " << variance_estimate << ", empirical " << empirical;
}

TEST(BayesEnergyDifference, BatchOfOneHasNoVariance) {
  const LinearRegression lr;
  const auto u = lr.potential(1);
  const std::vector<double> a = {0.0, 0.0, 0.0};
  EXPECT_THROW(u->estimate_difference(a.data(), lr.mean.data()), std::logic_error);
}

}  // namespace
}  // namespace bbg
