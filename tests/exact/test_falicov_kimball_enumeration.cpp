// Enumeration of the Falicov-Kimball model: U = 0 in closed form, e and C against
// derivatives of ln Z in beta, the particle sectors, half filling by symmetry.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/exact/falicov_kimball_enumeration.hpp"

using namespace bbg::exact;

namespace {

constexpr double kPi = 3.14159265358979323846;

// U = 0: Z = 2^N prod_k 2 cosh(beta eps_k / 2), eps_k = -2t (cos kx + cos ky); no order.
TEST(FalicovKimballEnumeration, FreeFermionsClosedForm) {
  const double beta = 1.9, t = 1.0;
  const FalicovKimballModel model(3, 2, t, 0.0);
  double log_z = 6 * std::log(2.0), e = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b) {
      const double eps = -2 * t * (std::cos(2 * kPi * a / 3) + std::cos(2 * kPi * b / 2));
      log_z += std::log(2 * std::cosh(beta * eps / 2));
      e -= eps / 2 * std::tanh(beta * eps / 2);
    }
  const auto r = enumerate_falicov_kimball(model, beta);
  EXPECT_NEAR(r.log_z, log_z, 1e-10);
  EXPECT_NEAR(r.energy, e / 6, 1e-12);
  EXPECT_NEAR(r.occupation, 0.5, 1e-12);
  EXPECT_EQ(r.configurations, 64);
}

// e = -(1/N) d ln Z / d beta and C = (beta^2 / N) d^2 ln Z / d beta^2 (central differences).
TEST(FalicovKimballEnumeration, EnergyAndSpecificHeatAreDerivativesOfLnZ) {
  const FalicovKimballModel model(3, 3, 1.0, 4.0);
  const double beta = 2.0, h = 1e-4, n = 9;
  const auto mid = enumerate_falicov_kimball(model, beta);
  const double up = enumerate_falicov_kimball(model, beta + h).log_z;
  const double down = enumerate_falicov_kimball(model, beta - h).log_z;
  EXPECT_NEAR(mid.energy, -(up - down) / (2 * h) / n, 1e-7);
  EXPECT_NEAR(mid.specific_heat, beta * beta * (up - 2 * mid.log_z + down) / (h * h) / n, 1e-4);
}

TEST(FalicovKimballEnumeration, ParticleSectors) {
  const FalicovKimballModel model(4, 2, 1.0, 4.0);
  const double beta = 3.0;
  const auto all = enumerate_falicov_kimball(model, beta);
  double z = 0;
  for (int64_t k = 0; k <= 8; ++k) {
    const auto sector = enumerate_falicov_kimball(model, beta, k);
    EXPECT_NEAR(sector.occupation, k / 8.0, 1e-12);
    z += std::exp(sector.log_z - all.log_z);
  }
  EXPECT_NEAR(z, 1.0, 1e-12);  // the sectors partition the configurations
  EXPECT_EQ(enumerate_falicov_kimball(model, beta, 4).configurations, 70);
  EXPECT_NEAR(all.occupation, 0.5, 1e-12);  // particle-hole symmetry (bipartite)
}

TEST(FalicovKimballEnumeration, OrdersAtLowTemperature) {
  // U = 4, T = 0.05 << T_c ~ 0.15: the two checkerboards dominate, S(pi, pi) -> N/4, U_4 -> 2/3
  const FalicovKimballModel model(4, 4, 1.0, 4.0);
  const auto r = enumerate_falicov_kimball(model, 20.0, 8);
  EXPECT_NEAR(r.structure_factor, 4.0, 0.05);
  EXPECT_NEAR(r.binder, 2.0 / 3.0, 0.01);
}

TEST(FalicovKimballEnumeration, RejectsTooManySites) {
  EXPECT_THROW(enumerate_falicov_kimball(FalicovKimballModel(5, 5, 1.0, 4.0), 1.0), std::invalid_argument);
  EXPECT_THROW(enumerate_falicov_kimball(FalicovKimballModel(2, 2, 1.0, 4.0), 1.0, 5), std::invalid_argument);
}

}  // namespace
