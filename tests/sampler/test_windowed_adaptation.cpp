// Stan's windowed diagonal adaptation: the window schedule, the regularised
// Welford estimate, and HMC warm-up recovering the variances (1, 100, 0.01) of
// an anisotropic Gaussian to within 20 %.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/hmc_chains.hpp"
#include "bbg/sampler/windowed_adaptation.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

TEST(WindowedAdaptation, StanWindowSchedule) {
  // warm-up 1000: buffer 75, windows 25, 50, 100, 200 and a last one stretched to
  // 500 (a doubled 400 would leave less than 800 before the terminal buffer of 50).
  WindowedAdaptation a(1, {1000});
  std::vector<int64_t> ends;
  const double q = 0.0;
  for (int64_t t = 0; t < 1000; ++t)
    if (a.learn(&q)) ends.push_back(t);
  EXPECT_EQ(ends, (std::vector<int64_t>{99, 149, 249, 449, 949}));
}

TEST(WindowedAdaptation, ShortWarmupShrinksTheBuffers) {
  // warm-up 100 < 75 + 25 + 50: buffers 15 % and 10 %, one window of the remaining 75.
  WindowedAdaptation a(1, {100});
  std::vector<int64_t> ends;
  const double q = 0.0;
  for (int64_t t = 0; t < 100; ++t)
    if (a.learn(&q)) ends.push_back(t);
  EXPECT_EQ(ends, (std::vector<int64_t>{89}));
}

TEST(WindowedAdaptation, RegularisedWelfordVariance) {
  // The first window holds draws 75..99 (n = 25): d = n/(n+5) var + 1e-3 * 5/(n+5).
  WindowedAdaptation a(2, {1000});
  Rng rng(4, 0);
  std::vector<double> xs;
  for (int64_t t = 0; t < 100; ++t) {
    const double x[2] = {rng.normal(), 3.0};
    if (t >= 75) xs.push_back(x[0]);
    a.learn(x);
  }
  double mean = 0.0, ss = 0.0;
  for (double x : xs) mean += x / 25.0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  EXPECT_NEAR(a.inverse_mass()[0], 25.0 / 30.0 * ss / 24.0 + 1e-3 * 5.0 / 30.0, 1e-14);
  EXPECT_NEAR(a.inverse_mass()[1], 1e-3 * 5.0 / 30.0, 1e-17);  // constant component: only the shrinkage
}

TEST(WindowedAdaptation, HmcWarmupRecoversAnisotropicVariances) {
  const std::vector<double> variances = {1.0, 100.0, 0.01};
  sampler_test::GaussianPotential potential(3, {1.0, 0, 0, 0, 0.01, 0, 0, 0, 100.0});
  HmcChainSettings s;
  s.chains = 4;
  s.warmup = 1500;
  s.seed = 8;
  s.path = {0.05, 0, 3.0};
  s.adapt_diagonal_metric = true;
  HmcChains chains(potential, s);
  DriverSettings ds;
  ds.warmup = s.warmup;
  ds.samples = 2;
  ds.progress = false;
  run_chains(chains, ds, {});
  for (int64_t c = 0; c < s.chains; ++c) {
    const auto* metric = dynamic_cast<const DiagonalMetric*>(chains.chain(c).metric.get());
    ASSERT_NE(metric, nullptr);
    for (int i = 0; i < 3; ++i)
      EXPECT_NEAR(metric->inverse_mass()[i] / variances[i], 1.0, 0.2)
          << "chain " << c << " component " << i << ": " << metric->inverse_mass()[i] << " vs " << variances[i];
  }
}

}  // namespace
}  // namespace bbg
