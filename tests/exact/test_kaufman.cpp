#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "bbg/exact/enumeration.hpp"
#include "bbg/exact/kaufman.hpp"

using namespace bbg::exact;

namespace {

void expect_rel(double got, double want, double tol, const char* what) {
  EXPECT_NEAR(got, want, tol * std::max(std::abs(want), 1e-300)) << what;
}

}  // namespace

TEST(Kaufman, CriticalCouplingConstant) {
  EXPECT_DOUBLE_EQ(ising_2d_beta_c, 0.5 * std::log(1.0 + std::sqrt(2.0)));
}

TEST(Kaufman, MatchesEnumerationOnSmallLattices) {
  struct Case {
    int64_t L, M;
    std::vector<double> betas;
  };
  const std::vector<double> many = {0.05, 0.1, 0.3, ising_2d_beta_c, 0.6, 1.0, 2.0};
  const std::vector<Case> cases = {{2, 2, many}, {2, 3, many}, {3, 2, many}, {2, 5, many},
                                   {4, 4, many}, {3, 5, many}, {5, 3, many}, {4, 6, {ising_2d_beta_c, 2.0}}};
  for (const auto& c : cases)
    for (double beta : c.betas) {
      SCOPED_TRACE(::testing::Message() << c.L << "x" << c.M << " beta=" << beta);
      const auto k = kaufman_ising_2d(c.L, c.M, beta);
      const auto e = enumerate_ising({c.L, c.M}, beta, 1.0, 0.0);
      expect_rel(k.log_z, e.log_z, 1e-12, "ln Z");
      expect_rel(k.energy, e.energy, 1e-10, "energy");
      expect_rel(k.specific_heat, e.specific_heat, 1e-10, "specific heat");
      EXPECT_FALSE(k.m2.has_value());
    }
}

TEST(Kaufman, CouplingScaling) {
  // Z depends on K = beta J only; E = -J B.
  const auto a = kaufman_ising_2d(6, 10, 0.2, 2.0), b = kaufman_ising_2d(6, 10, 0.4, 1.0);
  expect_rel(a.log_z, b.log_z, 1e-14, "ln Z");
  expect_rel(a.energy, 2.0 * b.energy, 1e-13, "energy");
  expect_rel(a.specific_heat, b.specific_heat, 1e-12, "C");
  EXPECT_THROW(kaufman_ising_2d(4, 4, 0.3, -1.0), std::invalid_argument);
  EXPECT_THROW(kaufman_ising_2d(1, 4, 0.3, 1.0), std::invalid_argument);
}

TEST(Kaufman, StableAtLargeBeta) {
  // beta = 10: only the two ground states matter, ln Z = 2 beta V + ln 2 up to e^{-8 beta}.
  for (int64_t L : {4, 16, 64}) {
    const double beta = 10.0, V = static_cast<double>(L * L);
    const auto k = kaufman_ising_2d(L, L, beta);
    ASSERT_TRUE(std::isfinite(k.log_z));
    expect_rel(k.log_z, 2.0 * beta * V + std::log(2.0), 1e-14, "ln Z");
    EXPECT_NEAR(k.energy, -2.0, 1e-14);
    EXPECT_GE(k.specific_heat, 0.0);
    // true C ~ beta^2 64 e^{-8 beta} ~ 1e-31; the formula reaches an absolute accuracy ~1e-20 here
    EXPECT_LT(k.specific_heat, 1e-20);
  }
}

TEST(Kaufman, HighTemperatureExpansion) {
  // Z = 2^V cosh(K)^{2V} (1 + V t^4 + O(t^6)), t = tanh K (plaquettes), for L, M >= 6.
  const double K = 1e-3, t = std::tanh(K), V = 36.0 * 40.0;
  const auto k = kaufman_ising_2d(36, 40, K);
  const double ch = std::cosh(K);
  expect_rel(k.log_z, V * std::log(2.0) + 2.0 * V * std::log(ch) + V * std::pow(t, 4), 1e-14, "ln Z");
  const double sech2 = 1.0 / (ch * ch);
  expect_rel(k.energy, -(2.0 * t + 4.0 * std::pow(t, 3) * sech2), 1e-9, "energy");
  expect_rel(k.specific_heat, K * K * (2.0 * sech2 + 12.0 * t * t), 1e-8, "C");
}

TEST(Onsager, CriticalValue) {
  // ln Z / N at K_c = 2G/pi + ln(2)/2, G = Catalan's constant.
  const double catalan = 0.915965594177219015054603514932;
  EXPECT_NEAR(onsager_ising_2d_log_z_per_site(ising_2d_beta_c), 2.0 * catalan / M_PI + 0.5 * std::log(2.0), 1e-13);
  EXPECT_NEAR(onsager_ising_2d_log_z_per_site(0.0), std::log(2.0), 1e-15);
  // low temperature: ln Z/N -> 2 beta
  EXPECT_NEAR(onsager_ising_2d_log_z_per_site(10.0), 20.0, 1e-14);
}

TEST(Onsager, KaufmanApproachesInfiniteLattice) {
  // Off criticality the finite-size correction is exponentially small, apart from the
  // two-fold degeneracy of the ordered phase: ln Z = V f + ln 2 for beta > beta_c.
  for (double beta : {0.2, 0.3, 0.6, 1.0}) {
    const double V = 128.0 * 128.0;
    const double degeneracy = beta > ising_2d_beta_c ? std::log(2.0) : 0.0;
    const auto k = kaufman_ising_2d(128, 128, beta);
    EXPECT_NEAR((k.log_z - degeneracy) / V, onsager_ising_2d_log_z_per_site(beta), 1e-14) << beta;
  }
  // At beta_c the correction is O(1/V): V (ln Z/V - f) stays bounded and settles.
  const double f = onsager_ising_2d_log_z_per_site(ising_2d_beta_c);
  std::vector<double> scaled;
  for (int64_t L : {32, 64, 128, 256}) {
    const double V = static_cast<double>(L * L);
    scaled.push_back(kaufman_ising_2d(L, L, ising_2d_beta_c).log_z - V * f);
  }
  for (double s : scaled) EXPECT_LT(std::abs(s), 2.0);
  EXPECT_NEAR(scaled[3], scaled[2], 1e-3);
}
