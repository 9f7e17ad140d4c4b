// The kappa-integration free energy against exact ln Z: the free field on 8x8
// at kappa = 0.2 (momentum sum), within 4 combined standard errors.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/mcmc/free_energy.hpp"
#include "bbg/targets/phi4.hpp"

namespace bbg {
namespace {

TEST(FreeEnergyValidation, FreeField8x8) {
  Phi4Target t({8, 8}, 0.2, 0.0);
  FreeEnergySettings s;
  s.steps = 8;
  s.hmc.chains = 4;
  s.hmc.warmup = 200;
  s.hmc.samples = 1000;
  s.hmc.seed = 5;
  const FreeEnergyResult r = integrate_free_energy(t, s);
  const double exact = *t.exact().log_z;
  EXPECT_GT(r.error, 0.0);
  EXPECT_LT(r.error, 0.05);  // the estimate must be informative, not just "within errors"
  EXPECT_LT(std::abs(r.log_z - exact), 4.0 * r.error) << r.log_z << " +- " << r.error << " vs exact " << exact;
  EXPECT_EQ(r.kappas.size(), 9u);
}

}  // namespace
}  // namespace bbg
