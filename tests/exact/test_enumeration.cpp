#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "bbg/exact/enumeration.hpp"

using namespace bbg::exact;

namespace {

// Naive reference: every state, energy from coordinates, plain (shifted) exponentials.
SpinExact naive(const std::vector<int64_t>& shape, double beta, double J, double h) {
  const int d = static_cast<int>(shape.size());
  int64_t V = 1;
  for (auto L : shape) V *= L;
  auto coords = [&](int64_t x) {
    std::vector<int64_t> c(d);
    for (int mu = d - 1; mu >= 0; --mu) {
      c[mu] = x % shape[mu];
      x /= shape[mu];
    }
    return c;
  };
  auto index = [&](const std::vector<int64_t>& c) {
    int64_t x = 0;
    for (int mu = 0; mu < d; ++mu) x = x * shape[mu] + c[mu];
    return x;
  };
  std::vector<double> E(1 << V), Mv(1 << V);
  double emin = INFINITY;
  for (int64_t st = 0; st < (int64_t{1} << V); ++st) {
    auto s = [&](int64_t x) { return ((st >> x) & 1) ? 1.0 : -1.0; };
    double bonds = 0, m = 0;
    for (int64_t x = 0; x < V; ++x) {
      m += s(x);
      for (int mu = 0; mu < d; ++mu) {
        auto c = coords(x);
        c[mu] = (c[mu] + 1) % shape[mu];
        bonds += s(x) * s(index(c));
      }
    }
    E[st] = -J * bonds - h * m;
    Mv[st] = m;
    emin = std::min(emin, beta * E[st]);
  }
  double Z = 0, e1 = 0, m1 = 0, am = 0, m2 = 0, m4 = 0;
  for (size_t st = 0; st < E.size(); ++st) {
    const double w = std::exp(-beta * E[st] + emin);
    const double e = E[st] / V, m = Mv[st] / V;
    Z += w;
    e1 += w * e;
    m1 += w * m;
    am += w * std::abs(m);
    m2 += w * m * m;
    m4 += w * m * m * m * m;
  }
  SpinExact r;
  r.log_z = std::log(Z) - emin;
  r.energy = e1 / Z;
  double ve = 0, vam = 0;  // central moments (second pass)
  for (size_t st = 0; st < E.size(); ++st) {
    const double w = std::exp(-beta * E[st] + emin);
    ve += w * (E[st] / V - r.energy) * (E[st] / V - r.energy);
    vam += w * (std::abs(Mv[st] / V) - am / Z) * (std::abs(Mv[st] / V) - am / Z);
  }
  r.specific_heat = beta * beta * V * ve / Z;
  r.m = m1 / Z;
  r.abs_m = am / Z;
  r.m2 = m2 / Z;
  r.m4 = m4 / Z;
  r.chi = beta * V * vam / Z;
  r.binder = 1.0 - r.m4 / (3.0 * r.m2 * r.m2);
  return r;
}

}  // namespace

TEST(Enumeration, MatchesNaiveSum) {
  struct Case {
    std::vector<int64_t> shape;
    double beta, J, h;
  };
  const std::vector<Case> cases = {{{5}, 0.7, 1.0, 0.0},       {{6}, 0.4, 1.0, 0.3},     {{2, 3}, 0.5, 1.0, -0.2},
                                   {{3, 3}, 0.44, 1.0, 0.1},   {{2, 2, 2}, 0.3, 1.0, 0.05}, {{1, 4}, 0.6, 1.0, 0.2},
                                   {{2, 2}, 1.2, -1.0, 0.4},   {{3, 4}, 0.25, -0.7, 0.0}, {{4, 3}, 2.0, 1.0, 0.0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << "V=" << c.shape.size() << "d beta=" << c.beta << " J=" << c.J
                                      << " h=" << c.h);
    const auto a = enumerate_ising(c.shape, c.beta, c.J, c.h);
    const auto b = naive(c.shape, c.beta, c.J, c.h);
    EXPECT_NEAR(a.log_z, b.log_z, 1e-12 * std::abs(b.log_z));
    EXPECT_NEAR(a.energy, b.energy, 1e-12);
    EXPECT_NEAR(a.specific_heat, b.specific_heat, 1e-10 * std::max(1e-3, b.specific_heat));
    EXPECT_NEAR(a.m, b.m, 1e-12);
    EXPECT_NEAR(a.abs_m, b.abs_m, 1e-12);
    EXPECT_NEAR(a.m2, b.m2, 1e-12);
    EXPECT_NEAR(a.m4, b.m4, 1e-12);
    EXPECT_NEAR(a.chi, b.chi, 1e-10 * std::max(1e-3, std::abs(b.chi)));
    EXPECT_NEAR(a.binder, b.binder, 1e-12);
  }
}

TEST(Enumeration, KnownLimits) {
  // beta = 0: independent spins, <m^2> = 1/V, <m^4> = (3V^2 - 2V)/V^4.
  const auto r = enumerate_ising({3, 4}, 0.0, 1.0, 0.0);
  EXPECT_NEAR(r.log_z, 12.0 * std::log(2.0), 1e-13);
  EXPECT_NEAR(r.m2, 1.0 / 12.0, 1e-15);
  EXPECT_NEAR(r.m4, (3.0 * 144 - 24.0) / std::pow(12.0, 4), 1e-15);
  EXPECT_NEAR(r.energy, 0.0, 1e-15);
  // 1D ring, h = 0: Z = (2 cosh K)^L + (2 sinh K)^L.
  const double K = 0.8;
  const auto ring = enumerate_ising({7}, K, 1.0, 0.0);
  EXPECT_NEAR(ring.log_z, std::log(std::pow(2 * std::cosh(K), 7) + std::pow(2 * std::sinh(K), 7)), 1e-13);
  // extent 2 counts both bonds: 2 spins on {2} -> E = -2 J s0 s1.
  const auto pair = enumerate_ising({2}, 0.5, 1.0, 0.0);
  EXPECT_NEAR(pair.log_z, std::log(2 * std::exp(1.0) + 2 * std::exp(-1.0)), 1e-14);
}

TEST(Enumeration, LargeBetaDoesNotOverflow) {
  const auto r = enumerate_ising({4, 4}, 200.0, 1.0, 0.0);
  ASSERT_TRUE(std::isfinite(r.log_z));
  EXPECT_NEAR(r.log_z, 2.0 * 200.0 * 16.0 + std::log(2.0), 1e-12 * r.log_z);
  EXPECT_NEAR(r.energy, -2.0, 1e-14);
  EXPECT_NEAR(r.abs_m, 1.0, 1e-14);
  EXPECT_NEAR(r.binder, 2.0 / 3.0, 1e-14);
}

TEST(Enumeration, RejectsLargeVolume) {
  EXPECT_THROW(enumerate_ising({5, 6}, 0.3, 1.0, 0.0), std::invalid_argument);
  EXPECT_NO_THROW(enumerate_ising({5, 5}, 0.3, 1.0, 0.0));
}
