// Binned jackknife: exact identities for means and squares of means, binning of
// autocorrelated data, per-chain binning and the bin-size rule.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "bbg/estimate/jackknife.hpp"

namespace {

std::vector<double> normal_series(int64_t n, double mean, double sd, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(mean, sd);
  std::vector<double> x(n);
  for (auto& v : x) v = g(rng);
  return x;
}

std::vector<double> ar1(int64_t n, double a, std::mt19937_64& rng) {
  std::normal_distribution<double> eta(0.0, 1.0);
  std::vector<double> x(n);
  x[0] = eta(rng);
  for (int64_t t = 1; t < n; ++t) x[t] = a * x[t - 1] + std::sqrt(1.0 - a * a) * eta(rng);
  return x;
}

double mean_of(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

// s^2 with divisor N - 1.
double sample_variance(const std::vector<double>& x) {
  const double m = mean_of(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}

double first(const std::vector<double>& m) { return m[0]; }
double square(const std::vector<double>& m) { return m[0] * m[0]; }

}  // namespace

TEST(Jackknife, MeanWithBinSizeOneIsTheNaiveStandardError) {
  const std::vector<double> x = normal_series(1000, 1.5, 2.0, 1);
  const bbg::JackknifeResult j = bbg::jackknife({x}, first, 1);
  EXPECT_EQ(j.bins, 1000);
  EXPECT_EQ(j.bin_size, 1);
  EXPECT_NEAR(j.value, mean_of(x), 1e-14);
  EXPECT_NEAR(j.error, std::sqrt(sample_variance(x) / 1000.0), 1e-12 * j.error);
  EXPECT_NEAR(j.bias, 0.0, 1e-12);
}

TEST(Jackknife, BiasOfSquaredMeanIsVarianceOverN) {
  // E[xbar^2] = mu^2 + Var/N: the jackknife bias estimate is exactly s^2/N, so the
  // corrected estimate is xbar^2 - s^2/N.
  const std::vector<double> x = normal_series(500, 0.7, 1.3, 2);
  const bbg::JackknifeResult j = bbg::jackknife({x}, square, 1);
  const double s2n = sample_variance(x) / 500.0;
  EXPECT_NEAR(j.value, mean_of(x) * mean_of(x), 1e-13);
  EXPECT_NEAR(j.bias, s2n, 1e-9 * s2n);
  EXPECT_NEAR(j.value - j.bias, mean_of(x) * mean_of(x) - s2n, 1e-12);
}

TEST(Jackknife, BinnedMeanIsTheStandardErrorOfBinMeans) {
  const std::vector<double> x = normal_series(1003, 0.0, 1.0, 3);  // 3 draws dropped
  const bbg::JackknifeResult j = bbg::jackknife({x}, first, 10);
  EXPECT_EQ(j.bins, 100);
  std::vector<double> bin_means(100);
  for (int b = 0; b < 100; ++b) {
    double s = 0.0;
    for (int i = 0; i < 10; ++i) s += x[10 * b + i];
    bin_means[b] = s / 10.0;
  }
  EXPECT_NEAR(j.value, mean_of(bin_means), 1e-14);
  EXPECT_NEAR(j.error, std::sqrt(sample_variance(bin_means) / 100.0), 1e-12);
}

TEST(Jackknife, RatioMatchesLinearErrorPropagation) {
  // a = 2 + x, b = 4 + y, x, y iid N(0,1): Var(<a>/<b>) = (1/16 + 4/256)/N.
  const std::vector<double> x = normal_series(20000, 2.0, 1.0, 4), y = normal_series(20000, 4.0, 1.0, 5);
  const bbg::JackknifeResult j =
      bbg::jackknife({x, y}, [](const std::vector<double>& m) { return m[0] / m[1]; }, 1);
  const double ma = mean_of(x), mb = mean_of(y);
  EXPECT_NEAR(j.value, ma / mb, 1e-13);
  const double delta = std::sqrt((sample_variance(x) / (mb * mb) +
                                  ma * ma / std::pow(mb, 4) * sample_variance(y)) / 20000.0);
  EXPECT_NEAR(j.error / delta, 1.0, 0.01);
  EXPECT_NEAR(j.error / std::sqrt((1.0 / 16 + 4.0 / 256) / 20000.0), 1.0, 0.03);
}

TEST(Jackknife, BinningCapturesAutocorrelation) {
  // AR(1), a = 0.9: error^2 of the mean = 2 tau_int / N with tau_int = 9.5. Bins of
  // 200 draws keep all but 2a/(b (1-a)^2) / 19 ~ 5% of the variance.
  std::mt19937_64 rng(6);
  std::vector<std::vector<double>> chains;
  for (int c = 0; c < 4; ++c) chains.push_back(ar1(50000, 0.9, rng));
  const bbg::JackknifeResult j = bbg::jackknife_chains({chains}, first, 200);
  EXPECT_EQ(j.bins, 1000);
  EXPECT_NEAR(j.error / std::sqrt(19.0 / 200000.0), 1.0, 0.1);
  const bbg::JackknifeResult naive = bbg::jackknife_chains({chains}, first, 1);
  EXPECT_LT(naive.error, 0.3 * j.error);  // sqrt(1/19) ~ 0.23 without binning
}

TEST(Jackknife, ChainsAreBinnedSeparatelyAndRemaindersDropped) {
  // A huge value in each chain's incomplete last bin must not enter.
  std::vector<double> c1 = normal_series(23, 0.0, 1.0, 7), c2 = normal_series(17, 0.0, 1.0, 8);
  c1.back() = 1e9;
  c2.back() = 1e9;
  const bbg::JackknifeResult j = bbg::jackknife_chains({{c1, c2}}, first, 5);
  EXPECT_EQ(j.bins, 4 + 3);
  std::vector<double> used(c1.begin(), c1.begin() + 20);
  used.insert(used.end(), c2.begin(), c2.begin() + 15);
  EXPECT_NEAR(j.value, mean_of(used), 1e-13);
  EXPECT_LT(std::fabs(j.value), 10.0);

  // Bins never straddle two chains: with one chain of 7 draws and bin size 5 the
  // first chain gives one bin and the second gives one bin (not 14 / 5 = 2 + rest).
  const std::vector<double> a(7, 1.0), b(7, 3.0);
  const bbg::JackknifeResult k = bbg::jackknife_chains({{a, b}}, first, 5);
  EXPECT_EQ(k.bins, 2);
  EXPECT_DOUBLE_EQ(k.value, 2.0);
  EXPECT_DOUBLE_EQ(k.error, 1.0);  // sqrt(1/2 * ((3 - 2)^2 + (1 - 2)^2))
}

TEST(Jackknife, BinSizeRule) {
  EXPECT_EQ(bbg::jackknife_bin_size(9.5, 100000), 38);
  EXPECT_EQ(bbg::jackknife_bin_size(9.5, 200), 10);  // capped: 20 bins per chain
  EXPECT_EQ(bbg::jackknife_bin_size(0.5, 1000), 2);
  EXPECT_EQ(bbg::jackknife_bin_size(0.2, 1000), 1);
  EXPECT_EQ(bbg::jackknife_bin_size(100.0, 10), 1);
  EXPECT_EQ(bbg::jackknife_bin_size(std::nan(""), 1000), 50);
}

TEST(Jackknife, RejectsBadInput) {
  const std::vector<double> x = {1.0, 2.0, 3.0};
  EXPECT_THROW(bbg::jackknife({x}, first, 0), std::invalid_argument);
  EXPECT_THROW(bbg::jackknife({x}, first, 2), std::invalid_argument);  // one bin
  EXPECT_THROW(bbg::jackknife({x, {1.0, 2.0}}, first, 1), std::invalid_argument);
  EXPECT_THROW(bbg::jackknife_chains({{x}, {{1.0, 2.0}}}, first, 1), std::invalid_argument);
}
