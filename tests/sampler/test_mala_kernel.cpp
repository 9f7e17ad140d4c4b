// MalaKernel (sampler/mala_kernel.hpp): one step is the Langevin proposal with the
// Gaussian proposal-density ratio in its acceptance (checked against the formula of
// Roberts & Tweedie 1996 directly); on the correlated 2-D Gaussian, mean and
// covariance within 4 Gamma-method errors, unit and adapted diagonal metric, with
// the acceptance near its 0.574 target.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/mala_kernel.hpp"
#include "bbg/sampler/metric.hpp"
#include "kernel_run_util.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::correlated_covariance;
using sampler_test::correlated_gaussian;

TEST(MalaKernel, AcceptanceIsTheLangevinProposalRatio) {
  const sampler_test::AnharmonicPotential u;
  const std::vector<double> d = {0.5, 2.0, 1.3};
  MalaSettings s;
  s.step_size = 0.3;
  s.adapt_step_size = false;
  s.metric = std::make_shared<DiagonalMetric>(d);
  const std::vector<double> q = {0.4, -0.6, 0.9};
  MalaKernel k(u, q, s);
  Rng rng(9, 0), copy(9, 0);
  const StepInfo info = k.step(rng);
  // q' = q - (h/2) D grad U + sqrt(h D) z;  log N(a | b) = -|a - b + (h/2) D grad U(b)|^2_{D^-1} / (2 h).
  const double h = 0.3;
  std::vector<double> g(3), g2(3), q2(3);
  u.gradient(q.data(), g.data());
  for (int i = 0; i < 3; ++i) q2[i] = q[i] - 0.5 * h * d[i] * g[i] + std::sqrt(h * d[i]) * copy.normal();
  u.gradient(q2.data(), g2.data());
  double forward = 0.0, backward = 0.0;
  for (int i = 0; i < 3; ++i) {
    const double f = q2[i] - q[i] + 0.5 * h * d[i] * g[i], b = q[i] - q2[i] + 0.5 * h * d[i] * g2[i];
    forward += f * f / d[i] / (2.0 * h), backward += b * b / d[i] / (2.0 * h);
  }
  const double log_ratio = -(u.value(q2.data()) - u.value(q.data())) - backward + forward;
  EXPECT_NEAR(-info.energy_error, log_ratio, 1e-12);
  EXPECT_NEAR(info.acceptance_statistic, std::min(1.0, std::exp(log_ratio)), 1e-12);
  EXPECT_EQ(info.accepted, copy.uniform() < std::min(1.0, std::exp(log_ratio)));
  const auto& now = k.position();
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(now[i], info.accepted ? q2[i] : q[i], 1e-12);
  EXPECT_EQ(info.gradient_evaluations, 1);
}

TEST(MalaKernel, CorrelatedGaussianMoments) {
  const auto u = correlated_gaussian();
  for (const bool adapt_metric : {false, true}) {
    MalaSettings s;
    s.adapt_diagonal_metric = adapt_metric;
    const auto run = sampler_test::run_kernel(
        [&](std::vector<double> q) { return std::make_unique<MalaKernel>(u, std::move(q), s); }, {0.0, 0.0}, 1.0, 4,
        500, 4000, 31);
    const std::string what = adapt_metric ? "MALA diag" : "MALA unit";
    sampler_test::expect_gaussian_moments(run.draws, correlated_covariance(), what);
    if (!adapt_metric) {  // as for HMC
      EXPECT_NEAR(run.mean_acceptance_statistic, 0.574, 0.1) << what;
    }
    EXPECT_EQ(run.gradient_evaluations, run.transitions);
    std::printf("[ %s ] h %.3f, acceptance %.3f\n", what.c_str(), run.tuned_mean("step_size"),
                run.mean_acceptance_statistic);
  }
}

}  // namespace
}  // namespace bbg
