// Full-batch HMC (the sampler core's HmcKernel, unit metric, leapfrog) on the
// WeightPotential of Bayesian linear regression: posterior mean and covariance
// within 4 Gamma-method standard errors of the closed form, at T = 1 and at the
// cold temperature T = 0.5 (posterior covariance T Sigma, same mean).
#include <gtest/gtest.h>

#include "bayes_test_util.hpp"
#include "bbg/sampler/hmc_kernel.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/metric.hpp"

namespace bbg {
namespace {

using bayes_test::Draws;
using bayes_test::LinearRegression;

Draws run_hmc(const LinearRegression& lr, double temperature, int64_t chains, int64_t warmup, int64_t samples,
              double* acceptance) {
  const auto u = lr.potential(0, temperature);
  const UnitMetric metric(lr.d);
  const LeapfrogIntegrator leapfrog;
  // The posterior precision's eigenvalues are ~ N / sigma^2 ~ 280 (T = 1): the
  // step 0.03 sqrt(T) is ~ 0.5 / sqrt(lambda_max), 4 steps ~ a quarter period.
  HmcPath path;
  path.step_size = 0.03 * std::sqrt(temperature);
  path.steps = 4;
  Draws draws(chains);
  int64_t accepted = 0;
  for (int64_t c = 0; c < chains; ++c) {
    Rng rng(41, static_cast<uint64_t>(c));
    HmcKernel kernel(*u, metric, leapfrog, path);
    HmcState state = kernel.init(std::vector<double>(lr.d, 0.0));
    for (int64_t t = 0; t < warmup; ++t) kernel.step(state, rng);
    for (int64_t t = 0; t < samples; ++t) {
      accepted += kernel.step(state, rng).accepted ? 1 : 0;
      draws[c].push_back(state.q);
    }
  }
  *acceptance = static_cast<double>(accepted) / static_cast<double>(chains * samples);
  return draws;
}

TEST(BayesHmc, FullBatchReproducesTheExactPosterior) {
  const LinearRegression lr;
  for (const double temperature : {1.0, 0.5}) {
    double acceptance = 0.0;
    const Draws d = run_hmc(lr, temperature, 4, 200, 2500, &acceptance);
    EXPECT_GT(acceptance, 0.7) << "T = " << temperature;
    std::vector<double> cov = lr.covariance;
    for (auto& c : cov) c *= temperature;
    bayes_test::expect_moments(d, lr.mean, cov, "HMC T = " + std::to_string(temperature));
  }
}

}  // namespace
}  // namespace bbg
