// NutsKernel (sampler/nuts_kernel.hpp): on the correlated 2-D Gaussian, mean and
// covariance within 4 Gamma-method errors with the unit metric, the adapted diagonal
// one and the exact dense one (which whitens the target, so its trees are shallower);
// on a 1-D standard normal the second and fourth moments are right, the trees are
// shallow and nothing diverges; at a huge step
// every transition diverges at its first leapfrog step and the chain stays put.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/nuts_kernel.hpp"
#include "kernel_run_util.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::correlated_covariance;
using sampler_test::correlated_gaussian;

sampler_test::KernelRun run_nuts(const Potential& u, const NutsSettings& s, int64_t warmup, int64_t samples,
                                 uint64_t seed) {
  return sampler_test::run_kernel(
      [&](std::vector<double> q) { return std::make_unique<NutsKernel>(u, std::move(q), s); },
      std::vector<double>(u.size(), 0.0), 1.0, 4, warmup, samples, seed);
}

TEST(NutsKernel, CorrelatedGaussianMomentsWithEveryMetric) {
  const auto u = correlated_gaussian();
  NutsSettings unit, diag, dense;
  diag.adapt_diagonal_metric = true;
  dense.metric = std::make_shared<DenseMetric>(2, correlated_covariance());
  double step_unit = 0.0, step_dense = 0.0;
  for (const auto& [name, s] : {std::pair{"unit", unit}, {"diag", diag}, {"dense", dense}}) {
    const auto run = run_nuts(u, s, 400, 2000, 21);
    const std::string what = std::string("NUTS ") + name;
    sampler_test::expect_gaussian_moments(run.draws, correlated_covariance(), what);
    // Dual averaging over the whole warm-up (unit, dense) reaches its target; after
    // the last metric window it has only the 50-iteration terminal buffer (not checked).
    if (!s.adapt_diagonal_metric) {
      EXPECT_NEAR(run.mean_acceptance_statistic, 0.8, 0.1) << what;
    }
    EXPECT_EQ(run.tuned_mean("divergences"), 0.0) << what;
    EXPECT_EQ(run.gradient_evaluations, run.value_evaluations);
    EXPECT_NEAR(run.tuned_mean("mean_leapfrog_steps") * static_cast<double>(run.transitions),
                static_cast<double>(run.gradient_evaluations), 1e-6 * static_cast<double>(run.gradient_evaluations));
    if (std::string(name) == "unit") step_unit = run.tuned_mean("step_size");
    if (std::string(name) == "dense") step_dense = run.tuned_mean("step_size");
    std::printf("[ NUTS %-5s ] step %.3f, mean tree depth %.2f, acceptance %.3f\n", name,
                run.tuned_mean("step_size"), run.tuned_mean("mean_tree_depth"), run.mean_acceptance_statistic);
  }
  // The exact dense metric whitens the target: the step is no longer limited by the
  // smallest standard deviation sqrt(1 - 0.8) = 0.45 (an expected gain ~ 1 / 0.45 = 2.2).
  EXPECT_GT(step_dense, 1.5 * step_unit);
}

TEST(NutsKernel, StandardNormalHasShallowTreesAndNoDivergences) {
  const sampler_test::GaussianPotential u(1, {1.0});
  const auto run = run_nuts(u, {}, 300, 20000, 22);
  sampler_test::expect_gaussian_moments(run.draws, {1.0}, "NUTS 1-D");
  // A sharper test of the multinomial draw: <q^4> = 3.
  std::vector<std::vector<double>> q4(run.draws.size());
  for (size_t c = 0; c < run.draws.size(); ++c)
    for (const auto& q : run.draws[c]) q4[c].push_back(q[0] * q[0] * q[0] * q[0]);
  sampler_test::expect_mean_within_errors(q4, 3.0, "NUTS 1-D <q^4>");
  // A step near 1 of a unit-period oscillator: a U-turn after a few points.
  EXPECT_LT(run.tuned_mean("mean_tree_depth"), 2.5);
  EXPECT_GE(run.tuned_mean("mean_tree_depth"), 1.0);
  EXPECT_EQ(run.tuned_mean("divergences"), 0.0);
  std::printf("[ NUTS 1-D   ] step %.3f, mean tree depth %.2f\n", run.tuned_mean("step_size"),
              run.tuned_mean("mean_tree_depth"));
}

TEST(NutsKernel, HugeStepDivergesAndStaysPut) {
  const sampler_test::GaussianPotential u(1, {1.0});
  NutsSettings s;
  s.step_size = 100.0;
  s.adapt_step_size = false;
  NutsKernel k(u, {0.7}, s);
  k.end_warmup();
  Rng rng(5, 0);
  for (int i = 0; i < 50; ++i) {
    const StepInfo info = k.step(rng);
    EXPECT_TRUE(k.divergent());
    EXPECT_FALSE(info.accepted);
    EXPECT_EQ(k.tree_depth(), 0);
    EXPECT_EQ(info.gradient_evaluations, 1);
  }
  EXPECT_EQ(k.position()[0], 0.7);
  EXPECT_EQ(k.divergences(), 50);
  EXPECT_EQ(k.transitions(), 50);
}

TEST(NutsKernel, RefusesBadSettings) {
  const auto u = correlated_gaussian();
  NutsSettings s;
  s.max_depth = 0;
  EXPECT_THROW(NutsKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  s.step_size = 0.0;
  EXPECT_THROW(NutsKernel(u, {0.0, 0.0}, s), std::invalid_argument);
  s = {};
  s.metric = std::make_shared<UnitMetric>(3);
  EXPECT_THROW(NutsKernel(u, {0.0, 0.0}, s), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
