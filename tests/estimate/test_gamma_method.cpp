// Wolff's Gamma method on processes with known autocorrelation, plus the
// summary that combines it with the convergence diagnostics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "bbg/estimate/convergence.hpp"
#include "bbg/estimate/gamma_method.hpp"
#include "bbg/estimate/jackknife.hpp"
#include "bbg/estimate/summary.hpp"

namespace {

using Chains = std::vector<std::vector<double>>;

// AR(1) with unit stationary variance, started in equilibrium:
// x_t = a x_{t-1} + sqrt(1 - a^2) eta_t; tau_int = (1 + a)/(2 (1 - a)).
std::vector<double> ar1(int64_t n, double a, std::mt19937_64& rng) {
  std::normal_distribution<double> eta(0.0, 1.0);
  std::vector<double> x(n);
  x[0] = eta(rng);
  const double s = std::sqrt(1.0 - a * a);
  for (int64_t t = 1; t < n; ++t) x[t] = a * x[t - 1] + s * eta(rng);
  return x;
}

Chains ar1_chains(int64_t chains, int64_t n, double a, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Chains out;
  for (int64_t c = 0; c < chains; ++c) out.push_back(ar1(n, a, rng));
  return out;
}

Chains iid_chains(int64_t chains, int64_t n, double mean, double sd, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(mean, sd);
  Chains out(chains, std::vector<double>(n));
  for (auto& c : out)
    for (auto& x : c) x = g(rng);
  return out;
}

double pooled_mean(const Chains& chains) {
  double s = 0.0, n = 0.0;
  for (const auto& c : chains)
    for (double x : c) s += x, n += 1.0;
  return s / n;
}

constexpr double kA = 0.9;
constexpr double kTauExact = (1.0 + kA) / (2.0 * (1.0 - kA));  // 9.5

}  // namespace

TEST(GammaMethod, Ar1TauIntWithinFourSigmaOfExact) {
  const Chains chains = ar1_chains(8, 50000, kA, 11);
  const bbg::GammaResult g = bbg::gamma_method(chains);
  const double n = 8.0 * 50000.0;
  EXPECT_EQ(g.n, 400000);
  EXPECT_TRUE(g.window_found);
  EXPECT_GT(g.window, 10);
  EXPECT_LT(g.tau_int_error, 0.5);  // the stated uncertainty is small enough to mean something
  EXPECT_NEAR(g.tau_int, kTauExact, 4.0 * g.tau_int_error);
  // The exact error of the mean of unit-variance AR(1): sqrt(2 tau_int / N).
  EXPECT_NEAR(g.error / std::sqrt(2.0 * kTauExact / n), 1.0, 0.1);
  EXPECT_NEAR(g.value, 0.0, 4.0 * g.error);
  // Convention: error^2 = 2 tau_int Gamma(0)/N = 2 tau_int naive_error^2.
  EXPECT_NEAR(g.error * g.error, 2.0 * g.tau_int * g.naive_error * g.naive_error, 1e-14);
}

TEST(GammaMethod, ErrorBarsAreHonestOverIndependentReplicas) {
  // 200 independent AR(1) runs of 5000 draws: the scatter of their means must
  // match the error each run reports (the scatter itself is known to ~5%).
  std::mt19937_64 rng(2024);
  const int runs = 200;
  double sum = 0.0, sum2 = 0.0, err2 = 0.0;
  for (int r = 0; r < runs; ++r) {
    const bbg::GammaResult g = bbg::gamma_method({ar1(5000, kA, rng)});
    sum += g.value;
    sum2 += g.value * g.value;
    err2 += g.error * g.error;
  }
  const double mean = sum / runs;
  const double spread = std::sqrt((sum2 - runs * mean * mean) / (runs - 1));
  const double reported = std::sqrt(err2 / runs);
  EXPECT_NEAR(reported / spread, 1.0, 0.15);
  EXPECT_NEAR(reported / std::sqrt(2.0 * kTauExact / 5000.0), 1.0, 0.15);
}

TEST(GammaMethod, IidDataHaveTauIntOneHalf) {
  const Chains chains = iid_chains(4, 20000, 3.0, 2.0, 5);
  const bbg::GammaResult g = bbg::gamma_method(chains);
  EXPECT_NEAR(g.tau_int, 0.5, 4.0 * g.tau_int_error);
  EXPECT_LT(g.tau_int_error, 0.02);
  EXPECT_LE(g.window, 5);
  EXPECT_NEAR(g.naive_error / (2.0 / std::sqrt(80000.0)), 1.0, 0.03);
  EXPECT_NEAR(g.error / g.naive_error, std::sqrt(2.0 * g.tau_int), 1e-12);
  EXPECT_NEAR(g.value, pooled_mean(chains), 1e-13);
}

TEST(GammaMethod, ConstantDataGiveZeroErrorAndNoNaN) {
  const Chains chains = {std::vector<double>(100, 0.1), std::vector<double>(37, 0.1)};
  const bbg::GammaResult g = bbg::gamma_method(chains);
  EXPECT_EQ(g.value, 0.1);
  EXPECT_EQ(g.error, 0.0);
  EXPECT_EQ(g.naive_error, 0.0);
  EXPECT_EQ(g.tau_int, 0.5);
  EXPECT_EQ(g.tau_int_error, 0.0);
  EXPECT_EQ(g.n, 137);
}

// m under Wolff updates at h = 0 deep in the ordered phase: the big cluster flips
// almost every step, so the series alternates in sign and the windowed variance
// C(W) = Gamma(0) + 2 Gamma(1) + ... is <= 0. The error must not come out as 0.
TEST(GammaMethod, SignAlternatingSeriesFallsBackToTheNaiveError) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0.0, 0.01);
  Chains chains(8, std::vector<double>(5000));
  for (auto& c : chains)
    for (size_t i = 0; i < c.size(); ++i) c[i] = (i % 2 == 0 ? 1.0 : -1.0) * (0.9 + noise(rng));
  const bbg::GammaResult g = bbg::gamma_method(chains);
  EXPECT_GT(g.error, 0.0);
  EXPECT_EQ(g.error, g.naive_error);
  EXPECT_EQ(g.tau_int, 0.5);
  EXPECT_FALSE(g.window_found);
  // the naive error is an upper bound here: the replica means scatter far less
  double spread = 0.0;
  for (const auto& c : chains) {
    double m = 0.0;
    for (double x : c) m += x;
    spread = std::max(spread, std::fabs(m / static_cast<double>(c.size())));
  }
  EXPECT_LT(spread, g.error * std::sqrt(8.0));
}

TEST(GammaMethod, ReplicasOfDifferentLengthArePooled) {
  std::mt19937_64 rng(8);
  const Chains chains = {ar1(3000, 0.5, rng), ar1(5000, 0.5, rng), ar1(7000, 0.5, rng), ar1(2, 0.5, rng)};
  const bbg::GammaResult g = bbg::gamma_method(chains);
  EXPECT_EQ(g.n, 15002);
  EXPECT_NEAR(g.value, pooled_mean(chains), 1e-13);
  EXPECT_LE(g.window, 1);  // W_max = floor(shortest / 2) = 1
  EXPECT_FALSE(std::isnan(g.error));
  // Without the two-draw replica the window is free and tau_int = 1.5 is found.
  const bbg::GammaResult h = bbg::gamma_method({chains[0], chains[1], chains[2]});
  EXPECT_TRUE(h.window_found);
  EXPECT_NEAR(h.tau_int, 1.5, 4.0 * h.tau_int_error);
}

TEST(GammaMethod, DisagreeingReplicasInflateTheError) {
  // Each replica is iid, but their means differ by 1 (= 1 sigma). Subtracting the
  // global mean turns the disagreement into a long-range correlation.
  Chains chains = iid_chains(2, 1000, 0.0, 1.0, 3);
  for (auto& x : chains[1]) x += 1.0;
  const bbg::GammaResult g = bbg::gamma_method(chains);
  EXPECT_GT(g.tau_int, 5.0);
  EXPECT_GT(g.error, 2.0 * g.naive_error);
}

TEST(GammaMethod, DerivedRatioMatchesLinearErrorPropagation) {
  // a = 2 + x, b = 4 + x/2 + y with x, y iid N(0, 1): F = <a>/<b> has the
  // linearised fluctuation x/4 - (x/2 + y)/8, of variance 0.05078125.
  std::mt19937_64 rng(77);
  std::normal_distribution<double> g(0.0, 1.0);
  const int chains = 4, n = 25000;
  std::vector<Chains> prim(2, Chains(chains, std::vector<double>(n)));
  for (int c = 0; c < chains; ++c)
    for (int t = 0; t < n; ++t) {
      const double x = g(rng), y = g(rng);
      prim[0][c][t] = 2.0 + x;
      prim[1][c][t] = 4.0 + 0.5 * x + y;
    }
  auto ratio = [](const std::vector<double>& m) { return m[0] / m[1]; };
  const bbg::GammaResult r = bbg::gamma_method_derived(prim, ratio);
  const double total = double(chains) * n;
  const double ma = pooled_mean(prim[0]), mb = pooled_mean(prim[1]);
  EXPECT_NEAR(r.value, ma / mb, 1e-13);
  EXPECT_NEAR(r.error / std::sqrt(0.05078125 / total), 1.0, 0.05);
  EXPECT_NEAR(r.tau_int, 0.5, 4.0 * r.tau_int_error);

  // The same propagation with the sample covariance of this data set.
  double vaa = 0.0, vbb = 0.0, vab = 0.0;
  for (int c = 0; c < chains; ++c)
    for (int t = 0; t < n; ++t) {
      const double da = prim[0][c][t] - ma, db = prim[1][c][t] - mb;
      vaa += da * da, vbb += db * db, vab += da * db;
    }
  const double ga = 1.0 / mb, gb = -ma / (mb * mb);
  const double var = (ga * ga * vaa + gb * gb * vbb + 2.0 * ga * gb * vab) / total;
  EXPECT_NEAR(r.naive_error / std::sqrt(var / total), 1.0, 1e-3);
  EXPECT_NEAR(r.error / std::sqrt(var / total), 1.0, 0.03);
}

TEST(GammaMethod, DerivedOfAutocorrelatedPrimariesKeepsTheirTauInt) {
  const Chains x = ar1_chains(8, 40000, kA, 21), y = ar1_chains(8, 40000, kA, 22);
  std::vector<Chains> prim = {x, y};
  for (auto& c : prim[0])
    for (auto& v : c) v += 2.0;
  for (auto& c : prim[1])
    for (auto& v : c) v += 4.0;
  const bbg::GammaResult r =
      bbg::gamma_method_derived(prim, [](const std::vector<double>& m) { return m[0] / m[1]; });
  EXPECT_TRUE(r.window_found);
  EXPECT_LT(r.tau_int_error, 0.6);
  EXPECT_NEAR(r.tau_int, kTauExact, 4.0 * r.tau_int_error);
  // Linearised variance: (1/16 + 4/256) Gamma(0) with Gamma(0) = 1.
  EXPECT_NEAR(r.error / std::sqrt(2.0 * kTauExact * (1.0 / 16 + 4.0 / 256) / 320000.0), 1.0, 0.1);
}

TEST(GammaMethod, DerivedLinearFunctionReproducesThePrimary) {
  const Chains x = ar1_chains(3, 8000, 0.7, 4);
  const bbg::GammaResult p = bbg::gamma_method(x);
  const bbg::GammaResult d =
      bbg::gamma_method_derived({x}, [](const std::vector<double>& m) { return 3.0 * m[0] - 1.0; });
  EXPECT_NEAR(d.value, 3.0 * p.value - 1.0, 1e-12);
  EXPECT_NEAR(d.error, 3.0 * p.error, 1e-9 * p.error);
  EXPECT_NEAR(d.tau_int, p.tau_int, 1e-9);
  EXPECT_EQ(d.window, p.window);
}

TEST(GammaMethod, DerivedWithAConstantPrimary) {
  const Chains x = ar1_chains(2, 4000, 0.5, 6);
  const Chains k = {std::vector<double>(4000, 2.0), std::vector<double>(4000, 2.0)};
  const bbg::GammaResult p = bbg::gamma_method(x);
  const bbg::GammaResult d =
      bbg::gamma_method_derived({x, k}, [](const std::vector<double>& m) { return m[0] * m[1]; });
  EXPECT_NEAR(d.error, 2.0 * p.error, 1e-9 * p.error);
  const bbg::GammaResult c =
      bbg::gamma_method_derived({k, k}, [](const std::vector<double>& m) { return m[0] / m[1]; });
  EXPECT_EQ(c.value, 1.0);
  EXPECT_EQ(c.error, 0.0);
  EXPECT_EQ(c.tau_int, 0.5);
}

TEST(GammaMethod, RejectsBadInput) {
  EXPECT_THROW(bbg::gamma_method({}), std::invalid_argument);
  EXPECT_THROW(bbg::gamma_method({{1.0, 2.0}, {1.0}}), std::invalid_argument);
  EXPECT_THROW(bbg::gamma_method({{1.0, 2.0}}, -1.0), std::invalid_argument);
  auto f = [](const std::vector<double>& m) { return m[0]; };
  EXPECT_THROW(bbg::gamma_method_derived({{{1.0, 2.0, 3.0}}, {{1.0, 2.0}}}, f), std::invalid_argument);
}

TEST(GammaMethod, ZeroSTauMeansNoAutocorrelation) {
  const Chains x = ar1_chains(1, 5000, kA, 9);
  const bbg::GammaResult g = bbg::gamma_method(x, 0.0);
  EXPECT_EQ(g.window, 0);
  EXPECT_NEAR(g.tau_int, 0.5, 1e-12);
}

TEST(LaggedProducts, FftMatchesDirectSums) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> x(1500);
  for (auto& v : x) v = g(rng);
  const std::vector<double> p = bbg::lagged_products(x, 1499);
  ASSERT_EQ(p.size(), 1500u);
  for (int t : {0, 1, 2, 63, 64, 700, 1499}) {
    double s = 0.0;
    for (int i = 0; i + t < 1500; ++i) s += x[i] * x[i + t];
    EXPECT_NEAR(p[t], s, 1e-10 * p[0]) << "lag " << t;
  }
  EXPECT_THROW(bbg::lagged_products(x, 1500), std::invalid_argument);
}

TEST(Summary, PrimaryCombinesGammaMethodAndConvergence) {
  const Chains x = ar1_chains(4, 4000, 0.5, 13);
  const bbg::ObservableStats s = bbg::summarize(x);
  const bbg::GammaResult g = bbg::gamma_method(x);
  const bbg::ConvergenceResult c = bbg::convergence(x);
  EXPECT_EQ(s.value, g.value);
  EXPECT_EQ(s.error, g.error);
  EXPECT_EQ(s.tau_int, g.tau_int);
  EXPECT_EQ(s.window, g.window);
  EXPECT_EQ(s.n, 16000);
  EXPECT_EQ(s.rhat, c.rhat);
  EXPECT_EQ(s.ess_bulk, c.ess_bulk);
  EXPECT_TRUE(std::isnan(s.jackknife_error));
  EXPECT_LT(s.rhat, 1.01);
}

TEST(Summary, DerivedJackknifeCrossCheckAgreesWithGammaMethod) {
  std::vector<Chains> prim = {ar1_chains(4, 20000, kA, 31), ar1_chains(4, 20000, kA, 32)};
  for (auto& c : prim[0])
    for (auto& v : c) v += 2.0;
  for (auto& c : prim[1])
    for (auto& v : c) v += 4.0;
  auto ratio = [](const std::vector<double>& m) { return m[0] / m[1]; };
  const bbg::ObservableStats s = bbg::summarize_derived(prim, ratio);
  const bbg::GammaResult g = bbg::gamma_method_derived(prim, ratio);
  EXPECT_EQ(s.value, g.value);
  EXPECT_EQ(s.error, g.error);
  EXPECT_FALSE(std::isnan(s.jackknife_error));
  // Bins of b ~ ceil(4 tau_int) ~ 40 draws miss part of the variance; for AR(1)
  // the binned variance is [(1+a)/(1-a) - 2a(1-a^b)/(b(1-a)^2)] / N (per unit
  // variance), which the jackknife must reproduce to a few percent.
  const double tau_max = std::max(bbg::gamma_method(prim[0]).tau_int, bbg::gamma_method(prim[1]).tau_int);
  const double b = static_cast<double>(bbg::jackknife_bin_size(tau_max, 20000));
  EXPECT_GE(b, 30.0);
  const double full = (1.0 + kA) / (1.0 - kA);
  const double binned = full - 2.0 * kA * (1.0 - std::pow(kA, b)) / (b * (1.0 - kA) * (1.0 - kA));
  EXPECT_NEAR(s.jackknife_error / s.error, std::sqrt(binned / full), 0.06);
  EXPECT_LT(s.rhat, 1.05);
  EXPECT_NEAR(s.ess_bulk / (80000.0 / (2.0 * kTauExact)), 1.0, 0.25);
}
