// RandomWalkKernel (sampler/random_walk_kernel.hpp): one step moves by s M^-1/2 z
// and accepts with min(1, exp(-(U' - U))); on the correlated 2-D Gaussian, mean and
// covariance within 4 Gamma-method errors, unit and adapted diagonal metric, with
// the acceptance near its 0.234 target and one value evaluation per step.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/random_walk_kernel.hpp"
#include "kernel_run_util.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::correlated_covariance;
using sampler_test::correlated_gaussian;

TEST(RandomWalkKernel, OneStepIsTheGaussianMetropolisMove) {
  const sampler_test::AnharmonicPotential u;
  const std::vector<double> d = {0.5, 2.0, 1.3};
  RandomWalkSettings s;
  s.scale = 0.7;
  s.adapt_scale = false;
  s.metric = std::make_shared<DiagonalMetric>(d);
  const std::vector<double> q = {0.4, -0.6, 0.9};
  RandomWalkKernel k(u, q, s);
  Rng rng(4, 0), copy(4, 0);
  const StepInfo info = k.step(rng);
  std::vector<double> q2(3);
  for (int i = 0; i < 3; ++i) q2[i] = q[i] + 0.7 * std::sqrt(d[i]) * copy.normal();
  const double du = u.value(q2.data()) - u.value(q.data());
  EXPECT_NEAR(info.energy_error, du, 1e-12);
  EXPECT_EQ(info.accepted, copy.uniform() < std::min(1.0, std::exp(-du)));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(k.position()[i], info.accepted ? q2[i] : q[i], 1e-12);
  EXPECT_EQ(info.value_evaluations, 1);
  EXPECT_EQ(info.gradient_evaluations, 0);
}

TEST(RandomWalkKernel, CorrelatedGaussianMoments) {
  const auto u = correlated_gaussian();
  for (const bool adapt_metric : {false, true}) {
    RandomWalkSettings s;
    s.adapt_diagonal_metric = adapt_metric;
    const auto run = sampler_test::run_kernel(
        [&](std::vector<double> q) { return std::make_unique<RandomWalkKernel>(u, std::move(q), s); }, {0.0, 0.0},
        1.0, 4, 500, 8000, 41);
    const std::string what = adapt_metric ? "RWM diag" : "RWM unit";
    sampler_test::expect_gaussian_moments(run.draws, correlated_covariance(), what);
    if (!adapt_metric) {  // as for HMC
      EXPECT_NEAR(run.mean_acceptance_statistic, 0.234, 0.1) << what;
    }
    EXPECT_EQ(run.value_evaluations, run.transitions);
    EXPECT_EQ(run.gradient_evaluations, 0);
    std::printf("[ %s ] scale %.3f, acceptance %.3f\n", what.c_str(), run.tuned_mean("scale"),
                run.mean_acceptance_statistic);
  }
}

TEST(RandomWalkKernel, RefusesBadSettings) {
  const auto u = correlated_gaussian();
  RandomWalkSettings s;
  s.scale = std::nan("");
  EXPECT_THROW(RandomWalkKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  s.target_acceptance = 0.0;
  EXPECT_THROW(RandomWalkKernel(u, {0.0, 0.0}, s), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
