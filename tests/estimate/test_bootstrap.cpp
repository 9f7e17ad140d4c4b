// Block bootstrap: standard error of iid means, blocks for autocorrelated data,
// determinism in the seed.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "bbg/estimate/bootstrap.hpp"

namespace {

std::vector<double> normal_series(int64_t n, double mean, double sd, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(mean, sd);
  std::vector<double> x(n);
  for (auto& v : x) v = g(rng);
  return x;
}

double first(const std::vector<double>& m) { return m[0]; }

}  // namespace

TEST(Bootstrap, MeanOfIidDataHasErrorSigmaOverRootN) {
  const std::vector<double> x = normal_series(5000, 10.0, 2.0, 1);
  const bbg::BootstrapResult b = bbg::bootstrap({x}, first, 1, 1000, 42);
  EXPECT_EQ(b.resamples, 1000);
  EXPECT_EQ(b.block_size, 1);
  double mean = 0.0;
  for (double v : x) mean += v;
  EXPECT_NEAR(b.value, mean / 5000.0, 1e-12);
  EXPECT_NEAR(b.error / (2.0 / std::sqrt(5000.0)), 1.0, 0.1);
}

TEST(Bootstrap, DeterministicForASeed) {
  const std::vector<double> x = normal_series(300, 0.0, 1.0, 2), y = normal_series(300, 3.0, 1.0, 3);
  auto ratio = [](const std::vector<double>& m) { return m[0] / m[1]; };
  const bbg::BootstrapResult a = bbg::bootstrap({x, y}, ratio, 3, 200, 7);
  const bbg::BootstrapResult b = bbg::bootstrap({x, y}, ratio, 3, 200, 7);
  const bbg::BootstrapResult c = bbg::bootstrap({x, y}, ratio, 3, 200, 8);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.value, c.value);
  EXPECT_NE(a.error, c.error);
}

TEST(Bootstrap, BlocksCaptureAutocorrelation) {
  // AR(1), a = 0.9: error of the mean sqrt(2 tau_int / N), tau_int = 9.5. Blocks of
  // 200 keep ~95% of the variance; unblocked resampling sees only 1/19 of it.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> eta(0.0, 1.0);
  const double a = 0.9;
  std::vector<double> x(100000);
  x[0] = eta(rng);
  for (size_t t = 1; t < x.size(); ++t) x[t] = a * x[t - 1] + std::sqrt(1.0 - a * a) * eta(rng);
  const double exact = std::sqrt(19.0 / 100000.0);
  const bbg::BootstrapResult blocked = bbg::bootstrap({x}, first, 200, 500, 9);
  EXPECT_NEAR(blocked.error / exact, 1.0, 0.15);
  const bbg::BootstrapResult plain = bbg::bootstrap({x}, first, 1, 200, 9);
  EXPECT_NEAR(plain.error / (exact / std::sqrt(19.0)), 1.0, 0.15);
}

TEST(Bootstrap, RatioOfMeansMatchesLinearPropagation) {
  const std::vector<double> x = normal_series(20000, 2.0, 1.0, 11), y = normal_series(20000, 4.0, 1.0, 12);
  const bbg::BootstrapResult b =
      bbg::bootstrap({x, y}, [](const std::vector<double>& m) { return m[0] / m[1]; }, 1, 800, 3);
  EXPECT_NEAR(b.error / std::sqrt((1.0 / 16 + 4.0 / 256) / 20000.0), 1.0, 0.1);
}

TEST(Bootstrap, RejectsBadInput) {
  const std::vector<double> x = {1.0, 2.0, 3.0, 4.0};
  EXPECT_THROW(bbg::bootstrap({x}, first, 0, 10, 1), std::invalid_argument);
  EXPECT_THROW(bbg::bootstrap({x}, first, 3, 10, 1), std::invalid_argument);  // one block
  EXPECT_THROW(bbg::bootstrap({x}, first, 1, 1, 1), std::invalid_argument);
  EXPECT_THROW(bbg::bootstrap({x, {1.0}}, first, 1, 10, 1), std::invalid_argument);
}
