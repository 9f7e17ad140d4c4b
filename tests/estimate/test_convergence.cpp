// Inverse normal CDF, split rank-normalized R-hat and bulk ESS.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "bbg/estimate/convergence.hpp"

namespace {

using Chains = std::vector<std::vector<double>>;

Chains iid_chains(int64_t chains, int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  Chains out(chains, std::vector<double>(n));
  for (auto& c : out)
    for (auto& x : c) x = g(rng);
  return out;
}

Chains ar1_chains(int64_t chains, int64_t n, double a, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> eta(0.0, 1.0);
  Chains out(chains, std::vector<double>(n));
  for (auto& c : out) {
    c[0] = eta(rng);
    for (int64_t t = 1; t < n; ++t) c[t] = a * c[t - 1] + std::sqrt(1.0 - a * a) * eta(rng);
  }
  return out;
}

double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

TEST(InverseNormalCdf, KnownValues) {
  EXPECT_NEAR(bbg::inverse_normal_cdf(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(bbg::inverse_normal_cdf(0.025), -1.959963984540054, 1e-12);
  EXPECT_EQ(bbg::inverse_normal_cdf(0.5), 0.0);
  EXPECT_NEAR(bbg::inverse_normal_cdf(0.8413447460685429), 1.0, 1e-12);  // Phi(1)
  EXPECT_NEAR(bbg::inverse_normal_cdf(0.9986501019683699), 3.0, 1e-12);  // Phi(3)
  EXPECT_EQ(bbg::inverse_normal_cdf(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(bbg::inverse_normal_cdf(1.0), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(bbg::inverse_normal_cdf(-0.1)));
  EXPECT_TRUE(std::isnan(bbg::inverse_normal_cdf(1.1)));
  EXPECT_TRUE(std::isnan(bbg::inverse_normal_cdf(std::nan(""))));
}

TEST(InverseNormalCdf, InvertsPhiAcrossTheRange) {
  // Round trip through Phi = erfc / 2, in every branch of the approximation; the
  // upper tail is compared through 1 - p to keep its relative precision.
  for (double p : {1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.4999999,
                   0.5000001, 0.7, 0.9, 0.97, 0.99, 0.999999}) {
    const double x = bbg::inverse_normal_cdf(p);
    if (p <= 0.5) {
      EXPECT_NEAR(phi(x) / p, 1.0, 1e-13) << "p = " << p;
    } else {
      EXPECT_NEAR(0.5 * std::erfc(x / std::sqrt(2.0)) / (1.0 - p), 1.0, 1e-13) << "p = " << p;
    }
    EXPECT_NEAR(phi(x), p, 1e-15) << "p = " << p;
    if (p >= 0.001 && p <= 0.999) {  // where 1 - p is close enough to exact for symmetry
      EXPECT_NEAR(bbg::inverse_normal_cdf(1.0 - p), -x, 1e-12) << "p = " << p;
    }
  }
}

TEST(Convergence, WellMixedIidChains) {
  const bbg::ConvergenceResult c = bbg::convergence(iid_chains(4, 5000, 1));
  EXPECT_LT(c.rhat, 1.01);
  EXPECT_GT(c.rhat, 0.99);
  EXPECT_GE(c.rhat, c.rhat_bulk);
  EXPECT_GE(c.rhat, c.rhat_folded);
  EXPECT_NEAR(c.ess_bulk / 20000.0, 1.0, 0.1);
}

TEST(Convergence, ShiftedChainIsDetected) {
  // One of four chains shifted by 2 sigma: without rank normalisation
  // R-hat^2 ~ 1 + var(split-chain means) = 1 + 6/7; ranks compress it somewhat.
  // (A 1 sigma shift gives only R-hat ~ 1.09 here.)
  Chains chains = iid_chains(4, 1000, 2);
  for (auto& x : chains[3]) x += 2.0;
  const bbg::ConvergenceResult c = bbg::convergence(chains);
  EXPECT_GT(c.rhat_bulk, 1.1);
  EXPECT_GT(c.rhat, 1.1);
}

TEST(Convergence, WiderChainIsDetectedByTheFoldedRhat) {
  // Same location, different scale: invisible to the bulk R-hat, seen when folded.
  Chains chains = iid_chains(4, 2000, 3);
  for (auto& x : chains[0]) x *= 4.0;
  const bbg::ConvergenceResult c = bbg::convergence(chains);
  EXPECT_LT(c.rhat_bulk, 1.02);
  EXPECT_GT(c.rhat_folded, 1.1);
  EXPECT_EQ(c.rhat, c.rhat_folded);
}

TEST(Convergence, Ar1EssIsDrawsOverTwoTauInt) {
  // AR(1), a = 0.9: 2 tau_int = (1 + a)/(1 - a) = 19, so ESS ~ N / 19.
  const bbg::ConvergenceResult c = bbg::convergence(ar1_chains(4, 20000, 0.9, 4));
  EXPECT_NEAR(c.ess_bulk / (80000.0 / 19.0), 1.0, 0.2);
  EXPECT_LT(c.rhat, 1.01);
}

TEST(Convergence, AntitheticChainsGetEssAboveDraws) {
  // a = -0.5: 1 + 2 sum rho = (1 + a)/(1 - a) = 1/3, ESS ~ 3 N.
  const bbg::ConvergenceResult c = bbg::convergence(ar1_chains(4, 5000, -0.5, 5));
  EXPECT_GT(c.ess_bulk, 2.0 * 20000.0);
}

TEST(Convergence, OddLengthDropsTheMiddleDraw) {
  Chains odd = iid_chains(3, 101, 6), even = odd;
  for (auto& c : even) c.erase(c.begin() + 50);
  const bbg::ConvergenceResult a = bbg::convergence(odd), b = bbg::convergence(even);
  EXPECT_EQ(a.rhat_bulk, b.rhat_bulk);
  EXPECT_EQ(a.rhat_folded, b.rhat_folded);
  EXPECT_EQ(a.ess_bulk, b.ess_bulk);
}

TEST(Convergence, ChainsAreTruncatedToTheShortestKeepingTheLastDraws) {
  Chains chains = iid_chains(3, 400, 7), trimmed = chains;
  chains[1].insert(chains[1].begin(), 50, 100.0);  // extra early draws are ignored
  const bbg::ConvergenceResult a = bbg::convergence(chains), b = bbg::convergence(trimmed);
  EXPECT_EQ(a.rhat, b.rhat);
  EXPECT_EQ(a.ess_bulk, b.ess_bulk);
}

TEST(Convergence, TiesGetAverageRanks) {
  // Discrete draws (many ties) from one distribution: well defined and near 1.
  std::mt19937_64 rng(8);
  std::uniform_int_distribution<int> d(0, 3);
  Chains chains(4, std::vector<double>(2000));
  for (auto& c : chains)
    for (auto& x : c) x = d(rng);
  const bbg::ConvergenceResult c = bbg::convergence(chains);
  EXPECT_LT(c.rhat, 1.01);
  EXPECT_NEAR(c.ess_bulk / 8000.0, 1.0, 0.1);
  // Two-valued symmetric data: the folded draws are all equal, so the folded
  // R-hat is undefined and rhat falls back to the bulk one.
  Chains pm(2, std::vector<double>(100));
  for (size_t i = 0; i < 100; ++i) pm[0][i] = pm[1][i] = (i % 2 == 0) ? 1.0 : -1.0;
  const bbg::ConvergenceResult s = bbg::convergence(pm);
  EXPECT_TRUE(std::isnan(s.rhat_folded));
  EXPECT_EQ(s.rhat, s.rhat_bulk);
  EXPECT_FALSE(std::isnan(s.rhat));
}

TEST(Convergence, DegenerateInputGivesNaN) {
  const double nan_rhat = bbg::convergence({{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0, 4.0}}).rhat;
  EXPECT_TRUE(std::isnan(nan_rhat));  // a chain with 3 < 4 draws
  const bbg::ConvergenceResult k = bbg::convergence({std::vector<double>(10, 2.0), std::vector<double>(10, 2.0)});
  EXPECT_TRUE(std::isnan(k.rhat));
  EXPECT_TRUE(std::isnan(k.ess_bulk));
  const bbg::ConvergenceResult s = bbg::convergence({std::vector<double>(10, 1.0), std::vector<double>(10, 2.0)});
  EXPECT_TRUE(std::isinf(s.rhat_bulk));  // each chain constant, chains disagree
  EXPECT_TRUE(std::isnan(bbg::convergence({}).ess_bulk));
  EXPECT_TRUE(std::isnan(bbg::convergence({{1.0, 2.0, std::nan(""), 4.0}}).rhat));
  EXPECT_FALSE(std::isnan(bbg::convergence({{1.0, 2.0, 3.0, 4.0}}).rhat));
}
