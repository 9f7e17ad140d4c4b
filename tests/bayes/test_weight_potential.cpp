// WeightPotential against the closed-form U and grad U of Bayesian linear
// regression (bayes_test_util.hpp), at T = 1 and T = 0.5; the minibatch value and
// gradient are unbiased; the minibatch schedule, the prior and the parameter layout.
#include <gtest/gtest.h>

#include <set>

#include "bayes_test_util.hpp"
#include "bbg/bayes/minibatch.hpp"
#include "bbg/bayes/parameter_layout.hpp"

namespace bbg {
namespace {

using bayes_test::LinearRegression;

constexpr double kTol = 1e-9;  // relative, on U and on each gradient component

TEST(BayesWeightPotential, FullBatchValueAndGradientAreClosedForm) {
  const LinearRegression lr;
  for (const double temperature : {1.0, 0.5}) {
    const auto u = lr.potential(0, temperature);
    ASSERT_EQ(u->size(), lr.d);
    EXPECT_EQ(u->batch_size(), lr.n);
    Rng rng(3, 0);
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<double> beta(lr.d);
      for (auto& b : beta) b = rng.normal();
      const double exact = lr.energy(beta.data()) / temperature;  // U / T
      EXPECT_NEAR(u->value(beta.data()), exact, kTol * std::abs(exact)) << "T = " << temperature;
      const auto g_exact = lr.energy_gradient(beta.data());
      std::vector<double> g(lr.d);
      u->gradient(beta.data(), g.data());
      for (int64_t j = 0; j < lr.d; ++j)
        EXPECT_NEAR(g[j], g_exact[j] / temperature, kTol * (1.0 + std::abs(g_exact[j] / temperature)));
    }
  }
}

TEST(BayesWeightPotential, FullBatchRefreshDrawsNothingAndDifferenceIsExact) {
  const LinearRegression lr;
  const auto u = lr.potential();
  Rng rng(5, 0), untouched(5, 0);
  u->refresh(rng);
  EXPECT_EQ(rng.next(), untouched.next());
  const std::vector<double> a = {0.1, 0.2, 0.3}, b = lr.mean;
  const EnergyDifference e = u->estimate_difference(a.data(), b.data());
  const double exact = lr.energy(b.data()) - lr.energy(a.data());
  EXPECT_NEAR(e.delta, exact, kTol * std::abs(exact));
  EXPECT_EQ(e.variance, 0.0);
  // log_likelihood: the full-data sum, untempered.
  const auto cold = lr.potential(0, 0.25);
  const double prior = 0.5 * (0.01 + 0.04 + 0.09) + 3.0 * 0.5 * std::log(2.0 * M_PI);  // s0 = 1
  EXPECT_NEAR(cold->log_likelihood(a.data()), -(lr.energy(a.data()) - prior), 1e-9 * lr.energy(a.data()));
}

// The minibatch estimates (N / n) sum_B of U and grad U average to the full-batch
// values: over M = 3000 minibatches of n = 16 from N = 70 (4 batches an epoch, 6
// left over, so epoch sums are not trivially exact), each mean within 4
// Gamma-method errors (the Gamma method accounts for the within-epoch correlation).
TEST(BayesWeightPotential, MinibatchValueAndGradientAreUnbiased) {
  const LinearRegression lr;
  const auto full = lr.potential();
  const auto mini = lr.potential(16);
  const std::vector<double> beta = {0.5, -0.2, 0.6};  // away from the mode: large per-datum scatter
  std::vector<double> g_full(lr.d), g(lr.d);
  full->gradient(beta.data(), g_full.data());
  const double u_full = full->value(beta.data());
  std::vector<std::vector<double>> values(1), grads(lr.d, std::vector<double>());
  Rng rng(11, 0);
  for (int m = 0; m < 3000; ++m) {
    mini->refresh(rng);
    values[0].push_back(mini->value(beta.data()));
    mini->gradient(beta.data(), g.data());
    for (int64_t j = 0; j < lr.d; ++j) grads[j].push_back(g[j]);
  }
  sampler_test::expect_mean_within_errors(values, u_full, "minibatch U");
  for (int64_t j = 0; j < lr.d; ++j)
    sampler_test::expect_mean_within_errors({grads[j]}, g_full[j], "minibatch dU/dbeta_" + std::to_string(j));
}

TEST(BayesMinibatch, EpochsAreDisjointBatchesOfFreshPermutations) {
  bayes::MinibatchSchedule s(10, 3);  // 3 batches an epoch, 1 index left over
  Rng rng(1, 0);
  for (int epoch = 0; epoch < 4; ++epoch) {
    std::set<int64_t> seen;
    for (int b = 0; b < 3; ++b) {
      s.next(rng);
      for (int k = 0; k < 3; ++k) {
        EXPECT_GE(s.indices()[k], 0);
        EXPECT_LT(s.indices()[k], 10);
        seen.insert(s.indices()[k]);
      }
    }
    EXPECT_EQ(seen.size(), 9u) << "epoch " << epoch;  // disjoint within the epoch
  }
  // Exact resume: a restored schedule with the same stream continues identically.
  const auto state = s.state();
  Rng r1(9, 0), r2(9, 0);
  bayes::MinibatchSchedule t(10, 3);
  t.restore(state);
  for (int step = 0; step < 7; ++step) {
    s.next(r1);
    t.next(r2);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(s.indices()[k], t.indices()[k]);
  }
  EXPECT_THROW(bayes::MinibatchSchedule(5, 6), std::invalid_argument);
  EXPECT_THROW(bayes::MinibatchSchedule(5, 0), std::invalid_argument);
}

TEST(BayesPrior, FanInScalesAndLayout) {
  torch::nn::Sequential net(torch::nn::Linear(4, 8), torch::nn::Tanh(), torch::nn::Linear(8, 2));
  const auto layout = bayes::layout_of(*net);
  ASSERT_EQ(layout.tensors.size(), 4u);
  EXPECT_EQ(layout.size, 4 * 8 + 8 + 8 * 2 + 2);
  EXPECT_EQ(layout.tensors[0].name, "0.weight");
  EXPECT_EQ(layout.tensors[0].fan_in, 4);
  EXPECT_EQ(layout.tensors[1].name, "0.bias");
  EXPECT_EQ(layout.tensors[1].fan_in, 4);  // the bias takes its layer's fan_in
  EXPECT_EQ(layout.tensors[2].fan_in, 8);
  EXPECT_EQ(layout.tensors[3].offset, 4 * 8 + 8 + 8 * 2);
  const auto prior = bayes::GaussianPrior::fan_in(layout, 2.0);
  EXPECT_DOUBLE_EQ(prior.scales()[0], 1.0);
  EXPECT_DOUBLE_EQ(prior.scales()[2], 2.0 / std::sqrt(8.0));
  // -log p and its gradient against the formula, one tensor at a time.
  std::vector<double> theta(layout.size), g(layout.size, 0.0);
  Rng rng(2, 0);
  for (auto& t : theta) t = rng.normal();
  double expected = 0.0;
  for (size_t k = 0; k < layout.tensors.size(); ++k) {
    const auto& t = layout.tensors[k];
    const double s = prior.scales()[k];
    for (int64_t j = t.offset; j < t.offset + t.numel; ++j)
      expected += theta[j] * theta[j] / (2 * s * s) + std::log(s) + 0.5 * std::log(2 * M_PI);
  }
  EXPECT_NEAR(prior.neg_log_density(theta.data()), expected, 1e-12 * std::abs(expected));
  prior.add_gradient(theta.data(), 1.0, g.data());
  EXPECT_NEAR(g[0], theta[0] / (prior.scales()[0] * prior.scales()[0]), 1e-14);
  EXPECT_NEAR(g[50], theta[50] / (prior.scales()[2] * prior.scales()[2]), 1e-14);
  // theta round-trips through the module.
  net->to(torch::kDouble);
  bayes::write_parameters(*net, theta.data());
  std::vector<double> back(layout.size);
  bayes::read_parameters(*net, back.data());
  EXPECT_EQ(back, theta);
  EXPECT_THROW(bayes::GaussianPrior(layout, {1.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(bayes::GaussianPrior::fixed(layout, 0.0), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
