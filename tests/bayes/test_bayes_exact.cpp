// The Metropolis-adjusted ChainKernels (HMC, NUTS, MALA, random walk) on the
// full-batch WeightPotential of the conjugate Bayesian linear regression
// (bayes_test_util.hpp), run by KernelChains + run_chains with their default
// warm-up adaptation: posterior mean and covariance within 4 Gamma-method errors of
// the closed form N(mu, Sigma).
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "../sampler/kernel_run_util.hpp"
#include "bayes_test_util.hpp"
#include "bbg/sampler/hmc_chain_kernel.hpp"
#include "bbg/sampler/mala_kernel.hpp"
#include "bbg/sampler/nuts_kernel.hpp"
#include "bbg/sampler/random_walk_kernel.hpp"

namespace bbg {
namespace {

using bayes_test::LinearRegression;

// Chains start at 0 + 0.3 z, some 10 posterior standard deviations from mu.
void expect_exact(const LinearRegression& lr, const sampler_test::MakeKernel& make, int64_t warmup, int64_t samples,
                  uint64_t seed, const std::string& what) {
  const auto run = sampler_test::run_kernel(make, std::vector<double>(lr.d, 0.0), 0.3, 4, warmup, samples, seed);
  bayes_test::expect_moments(run.draws, lr.mean, lr.covariance, what);
  std::printf("[ %s ] acceptance %.3f, gradients %lld, values %lld, min ESS %.0f\n", what.c_str(),
              run.mean_acceptance_statistic, static_cast<long long>(run.gradient_evaluations),
              static_cast<long long>(run.value_evaluations), sampler_test::min_effective_sample_size(run.draws));
}

TEST(BayesExact, HmcMatchesTheConjugatePosterior) {
  const LinearRegression lr;
  const auto u = lr.potential();
  HmcChainKernelSettings s;
  s.path.step_size = 0.03;
  s.path.steps = 3;
  expect_exact(lr, [&](std::vector<double> q) { return std::make_unique<HmcChainKernel>(*u, std::move(q), s); }, 150,
               500, 101, "HMC");
}

TEST(BayesExact, NutsMatchesTheConjugatePosterior) {
  const LinearRegression lr;
  const auto u = lr.potential();
  NutsSettings s;
  s.step_size = 0.03;
  expect_exact(lr, [&](std::vector<double> q) { return std::make_unique<NutsKernel>(*u, std::move(q), s); }, 150,
               400, 102, "NUTS");
}

TEST(BayesExact, MalaMatchesTheConjugatePosterior) {
  const LinearRegression lr;
  const auto u = lr.potential();
  MalaSettings s;
  s.step_size = 1e-3;
  expect_exact(lr, [&](std::vector<double> q) { return std::make_unique<MalaKernel>(*u, std::move(q), s); }, 200,
               1000, 103, "MALA");
}

TEST(BayesExact, RandomWalkMatchesTheConjugatePosterior) {
  const LinearRegression lr;
  const auto u = lr.potential();
  RandomWalkSettings s;
  s.scale = 0.03;
  expect_exact(lr, [&](std::vector<double> q) { return std::make_unique<RandomWalkKernel>(*u, std::move(q), s); },
               300, 4000, 104, "RWM");
}

}  // namespace
}  // namespace bbg
