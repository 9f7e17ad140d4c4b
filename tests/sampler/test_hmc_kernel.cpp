// HMC (unit and dense metric, through HmcChains and run_chains) and unadjusted
// BAOAB Langevin on the correlated 2-D Gaussian, covariance [[1, .8], [.8, 1]]:
// mean and covariance within 4 Gamma-method standard errors of the exact values.
#include <gtest/gtest.h>

#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/hmc_chains.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/langevin_kernel.hpp"
#include "bbg/sampler/metric.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::correlated_covariance;
using Draws = std::vector<std::vector<std::vector<double>>>;  // [chain][draw][i]

Draws run_hmc_chains(const Potential& potential, HmcChainSettings settings, int64_t samples, double* acceptance) {
  HmcChains chains(potential, settings);
  DriverSettings ds;
  ds.warmup = settings.warmup;
  ds.samples = samples;
  ds.progress = false;
  Draws draws(settings.chains);
  const int64_t n = potential.size();
  run_chains(chains, ds, [&](int64_t, int64_t count, const std::vector<double>& data) {
    for (int64_t c = 0; c < settings.chains; ++c)
      for (int64_t t = 0; t < count; ++t) {
        const double* q = data.data() + (c * count + t) * n;
        draws[c].emplace_back(q, q + n);
      }
  });
  double accepted = 0.0, trajectories = 0.0;
  for (int64_t c = 0; c < settings.chains; ++c)
    accepted += chains.chain(c).accepted, trajectories += chains.chain(c).trajectories;
  *acceptance = accepted / trajectories;
  return draws;
}

// Dual averaging aims at 0.8 during warm-up; the frozen averaged step lands near it,
// not on it (on a Gaussian the acceptance is not monotonic in eps at fixed tau).
void expect_adapted_acceptance(double acceptance) {
  EXPECT_GT(acceptance, 0.65);
  EXPECT_LT(acceptance, 0.97);
}

HmcChainSettings settings(uint64_t seed) {
  HmcChainSettings s;
  s.chains = 4;
  s.warmup = 300;
  s.seed = seed;
  s.path = {0.2, 0, 1.3};  // initial step 0.2, trajectory length 1.3
  return s;
}

TEST(HmcKernel, CorrelatedGaussianUnitMetric) {
  const auto potential = sampler_test::correlated_gaussian();
  double acceptance = 0.0;
  const Draws d = run_hmc_chains(potential, settings(21), 5000, &acceptance);
  expect_adapted_acceptance(acceptance);
  sampler_test::expect_gaussian_moments(d, correlated_covariance(), "HMC unit metric");
}

TEST(HmcKernel, CorrelatedGaussianDenseMetric) {
  // M^-1 = the target covariance makes the dynamics isotropic.
  const auto potential = sampler_test::correlated_gaussian();
  auto s = settings(22);
  s.metric = std::make_shared<DenseMetric>(2, correlated_covariance());
  s.integrator = "omelyan";
  double acceptance = 0.0;
  const Draws d = run_hmc_chains(potential, s, 5000, &acceptance);
  expect_adapted_acceptance(acceptance);
  sampler_test::expect_gaussian_moments(d, correlated_covariance(), "HMC dense metric");
}

TEST(HmcKernel, StepInfoReportsTheTrajectory) {
  const auto potential = sampler_test::correlated_gaussian();
  UnitMetric metric(2);
  LeapfrogIntegrator leapfrog;
  HmcKernel kernel(potential, metric, leapfrog, {0.1, 0, 1.0});
  EXPECT_EQ(kernel.steps(), 10);  // ceil(1.0 / 0.1)
  kernel.set_step_size(0.3);
  EXPECT_EQ(kernel.steps(), 4);
  HmcState state = kernel.init({0.5, -0.2});
  EXPECT_DOUBLE_EQ(state.potential, potential.value(state.q.data()));
  Rng rng(1, 0);
  const StepInfo info = kernel.step(state, rng);
  EXPECT_EQ(info.gradient_evaluations, 5);
  EXPECT_GT(info.acceptance_statistic, 0.0);
  EXPECT_LE(info.acceptance_statistic, 1.0);
  EXPECT_NEAR(info.acceptance_statistic, std::min(1.0, std::exp(-info.energy_error)), 1e-15);
  EXPECT_DOUBLE_EQ(state.potential, potential.value(state.q.data()));  // accepted or not, U(q) is current
}

TEST(LangevinKernel, BaoabCorrelatedGaussian) {
  // Unadjusted BAOAB has an O(h^2) bias in configurational averages; at h = 0.1
  // it is far below the statistical error here (for a Gaussian target BAOAB's
  // q-marginal is even exact, Leimkuhler & Matthews 2013).
  const auto potential = sampler_test::correlated_gaussian();
  UnitMetric metric(2);
  LangevinSettings ls;
  ls.step_size = 0.1;
  ls.friction = 1.0;
  ls.steps = 5;  // store every 5th step
  Draws draws(4);
  for (int c = 0; c < 4; ++c) {
    LangevinKernel kernel(potential, metric, ls);
    Rng rng(31, c);
    LangevinState state = kernel.init({0.0, 0.0}, rng);
    for (int t = 0; t < 500; ++t) kernel.step(state, rng);  // warm-up
    for (int t = 0; t < 10000; ++t) {
      const StepInfo info = kernel.step(state, rng);
      ASSERT_TRUE(info.accepted);
      ASSERT_EQ(info.gradient_evaluations, 10);
      draws[c].push_back(state.q);
    }
  }
  sampler_test::expect_gaussian_moments(draws, correlated_covariance(), "BAOAB h = 0.1");
}

}  // namespace
}  // namespace bbg

namespace bbg {
namespace {

TEST(LangevinSplitting, WithoutFrictionBaoabIsALeapfrogStep) {
  // gamma = 0: O is the identity, so B(h/2) A(h/2) O A(h/2) B(h/2) = one leapfrog step.
  sampler_test::AnharmonicPotential potential;
  DiagonalMetric metric({0.5, 2.0, 1.3});
  std::vector<double> q = {0.7, -0.4, 1.1}, p = {0.3, 0.9, -0.6}, q2 = q, p2 = p, scratch(3), noise(3);
  Rng rng(1, 0);
  LangevinSplitting("BAOAB").step(potential, metric, q.data(), p.data(), 0.1, 0.0, rng, scratch.data(), noise.data());
  LeapfrogIntegrator().integrate(potential, metric, q2.data(), p2.data(), 0.1, 1, scratch.data());
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(q[i], q2[i], 1e-14);
    EXPECT_NEAR(p[i], p2[i], 1e-14);
  }
  EXPECT_EQ(LangevinSplitting("OBABO").gradient_evaluations_per_step(), 2);
  EXPECT_EQ(LangevinSplitting("ABOBA").gradient_evaluations_per_step(), 2);  // B(h/2) O B(h/2): not fused
  EXPECT_THROW(LangevinSplitting("BAB"), std::invalid_argument);
  EXPECT_THROW(LangevinSplitting("BAOXAB"), std::invalid_argument);
}

TEST(LangevinSplitting, OStepIsOrnsteinUhlenbeck) {
  // Many O(h) steps from p = 3: mean 3 c1, variance (1 - c1^2) M, c1 = exp(-gamma h).
  DiagonalMetric metric({0.25});  // M = 4
  Rng rng(2, 0);
  const double h = 0.3, gamma = 2.0, c1 = std::exp(-gamma * h);
  const int n = 100000;
  double sum = 0.0, sum2 = 0.0;
  std::vector<double> noise(1);
  for (int k = 0; k < n; ++k) {
    double p = 3.0;
    langevin_o(metric, &p, h, gamma, rng, noise.data());
    sum += p, sum2 += p * p;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean, var_exact = (1 - c1 * c1) * 4.0;
  EXPECT_NEAR(mean, 3.0 * c1, 4.0 * std::sqrt(var_exact / n));
  EXPECT_NEAR(var, var_exact, 4.0 * var_exact * std::sqrt(2.0 / n));
}

}  // namespace
}  // namespace bbg
