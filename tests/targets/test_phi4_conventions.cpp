#include <gtest/gtest.h>

#include <cmath>

#include "bbg/exact/free_field.hpp"
#include "bbg/targets/phi4_conventions.hpp"

namespace bbg {
namespace {

TEST(Phi4Conventions, RoundTripBothWays) {
  for (int64_t d : {1, 2, 3, 4})
    for (double kappa : {0.05, 0.2, 0.3})
      for (double lambda : {0.0, 0.022, 1.3}) {
        const auto m = hopping_to_mass({kappa, lambda}, d);
        const auto h = mass_to_hopping(m, d);
        EXPECT_NEAR(h.kappa, kappa, 1e-13);
        EXPECT_NEAR(h.lambda, lambda, 1e-13);
      }
  // Albergo, Kanwar, Shanahan (2019) use m^2 = -4, g = 8 in 2D.
  const auto h = mass_to_hopping({-4.0, 8.0}, 2);
  const auto back = hopping_to_mass(h, 2);
  EXPECT_NEAR(back.m2, -4.0, 1e-12);
  EXPECT_NEAR(back.g, 8.0, 1e-12);
}

TEST(Phi4Conventions, ActionsAgreeUnderFieldRescaling) {
  // S_hopping(phi) = S_mass(sqrt(2 kappa) phi) on a 1D ring of 5 sites, any field.
  const double kappa = 0.17, lambda = 0.4;
  const auto m = hopping_to_mass({kappa, lambda}, 1);
  const std::vector<double> phi = {0.3, -1.2, 0.7, 2.0, -0.1};
  double s_hop = 0, s_mass = 0;
  const double c = std::sqrt(2 * kappa);
  for (size_t i = 0; i < phi.size(); ++i) {
    const double x = phi[i], y = phi[(i + 1) % phi.size()];
    s_hop += -2 * kappa * x * y + (1 - 2 * lambda) * x * x + lambda * x * x * x * x;
    const double xp = c * x, yp = c * y;
    s_mass += 0.5 * (yp - xp) * (yp - xp) + 0.5 * m.m2 * xp * xp + m.g * xp * xp * xp * xp;
  }
  EXPECT_NEAR(s_hop, s_mass, 1e-12);
}

TEST(Phi4Conventions, LogZShiftMatchesFreeFieldInBothConventions) {
  // Free field on 6x4: ln Z in the mass form is a Gaussian integral with
  // quadratic form (p^2 + m^2), computed here directly from the momenta.
  const std::vector<int64_t> shape = {6, 4};
  const double kappa = 0.21;
  const auto m = hopping_to_mass({kappa, 0.0}, 2);
  double log_z_mass = 0;
  for (int64_t a = 0; a < 6; ++a)
    for (int64_t b = 0; b < 4; ++b) {
      const double p2 = 4 * std::pow(std::sin(M_PI * a / 6), 2) + 4 * std::pow(std::sin(M_PI * b / 4), 2);
      log_z_mass += 0.5 * std::log(2 * M_PI) - 0.5 * std::log(p2 + m.m2);
    }
  const double log_z_hop = exact::free_field(shape, kappa).log_z;
  EXPECT_NEAR(log_z_mass - log_z_hop, log_z_shift_hopping_to_mass(kappa, 24), 1e-10);
}

}  // namespace
}  // namespace bbg
