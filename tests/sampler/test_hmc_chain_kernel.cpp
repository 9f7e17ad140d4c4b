// HmcChainKernel (sampler/hmc_chain_kernel.hpp) through KernelChains: on the
// correlated 2-D Gaussian, mean and covariance within 4 Gamma-method errors, with
// the unit metric and with windowed diagonal adaptation, and dual averaging
// reaching its target acceptance; bad settings are refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/hmc_chain_kernel.hpp"
#include "kernel_run_util.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::correlated_covariance;
using sampler_test::correlated_gaussian;

TEST(HmcChainKernel, CorrelatedGaussianMoments) {
  const auto u = correlated_gaussian();
  for (const bool adapt_metric : {false, true}) {
    HmcChainKernelSettings s;
    s.path.trajectory_length = 1.5;
    s.adapt_diagonal_metric = adapt_metric;
    const auto run = sampler_test::run_kernel(
        [&](std::vector<double> q) { return std::make_unique<HmcChainKernel>(u, std::move(q), s); }, {0.0, 0.0},
        1.0, 4, 400, 2000, 11);
    const std::string what = adapt_metric ? "HMC diag" : "HMC unit";
    sampler_test::expect_gaussian_moments(run.draws, correlated_covariance(), what);
    // The frozen step is the dual-averaged one; with the unit metric (averaged over the
    // whole warm-up) its acceptance is near the 0.8 target. After the last metric window
    // only the 50-iteration terminal buffer is averaged (not checked; printed).
    if (!adapt_metric) {
      EXPECT_NEAR(run.mean_acceptance_statistic, 0.8, 0.1) << what;
    }
    std::printf("[ %s ] step %.3f, steps %.1f, acceptance %.3f\n", what.c_str(), run.tuned_mean("step_size"),
                run.tuned_mean("steps"), run.mean_acceptance_statistic);
    EXPECT_GT(run.tuned_mean("step_size"), 0.0);
  }
}

TEST(HmcChainKernel, FixedStepsAndTheirCost) {
  const auto u = correlated_gaussian();
  HmcChainKernelSettings s;
  s.path.steps = 7;
  s.path.step_size = 0.2;
  HmcChainKernel k(u, {0.3, -0.2}, s);
  Rng rng(3, 0);
  for (int64_t i = 0; i < 20; ++i) k.warmup_step(rng, i, 20);
  k.end_warmup();
  const StepInfo info = k.step(rng);
  EXPECT_EQ(info.gradient_evaluations, 8);  // leapfrog: n + 1
  EXPECT_TRUE(k.adjusted());
  const auto t = k.tuned();
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].first, "step_size");
  EXPECT_NE(t[0].second, 0.2);  // adapted
  EXPECT_EQ(t[1].second, 7.0);
  EXPECT_EQ(t[2].second, 1.0);  // unit metric
}

TEST(HmcChainKernel, RefusesBadSettings) {
  const auto u = correlated_gaussian();
  HmcChainKernelSettings s;
  s.path.step_size = -1.0;
  EXPECT_THROW(HmcChainKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  s.target_acceptance = 1.5;
  EXPECT_THROW(HmcChainKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  s.integrator = "euler";
  EXPECT_THROW(HmcChainKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  EXPECT_THROW(HmcChainKernel(u, {0.0}, s), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
