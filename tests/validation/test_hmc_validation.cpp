// HMC against exact results: free field (momentum sum), phi^4 at kappa = 0
// (single-site integrals), double well (transfer matrix). Fixed seeds, 4 errors.
#include <gtest/gtest.h>

#include "bbg/mcmc/hmc.hpp"
#include "bbg/targets/double_well.hpp"
#include "bbg/targets/phi4.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

using testing::expect_within_errors;

HmcSettings settings(int64_t chains, int64_t warmup, int64_t samples, uint64_t seed) {
  HmcSettings s;
  s.chains = chains;
  s.warmup = warmup;
  s.samples = samples;
  s.seed = seed;
  return s;
}

void check_against_exact(const Target& t, const HmcSettings& s, const std::vector<std::string>& names) {
  const ExactResults exact = t.exact();
  const HmcResult r = run_hmc(t, s);
  const auto estimates = analyze_chains(t, r.record);
  for (const auto& n : names) expect_within_errors(estimates, n, exact.observables.at(n), t.describe());
  for (double a : r.diagnostics.acceptance) EXPECT_GT(a, 0.5) << t.describe();
}

TEST(HmcValidation, FreeField8x8Kappa02) {
  Phi4Target t({8, 8}, 0.2, 0.0);
  check_against_exact(t, settings(4, 300, 3000, 11), {"m2", "abs_m", "action_density", "correlator[1]"});
}

TEST(HmcValidation, FreeFieldOmelyanIntegrator) {
  Phi4Target t({8, 8}, 0.2, 0.0);
  auto s = settings(4, 300, 3000, 12);
  s.integrator = Integrator::Omelyan;
  check_against_exact(t, s, {"m2", "action_density"});
}

TEST(HmcValidation, FreeFieldAnisotropic3D) {
  Phi4Target t({4, 3, 5}, 0.1, 0.0);
  check_against_exact(t, settings(4, 200, 2000, 13), {"m2", "action_density"});
}

TEST(HmcValidation, Phi4KappaZeroAgainstSingleSiteIntegrals) {
  // lambda = 1 makes each site a double well (1 - 2 lambda < 0): a non-Gaussian check.
  for (double lambda : {0.022, 1.0}) {
    Phi4Target t({6, 6}, 0.0, lambda);
    check_against_exact(t, settings(4, 300, 3000, 14), {"m2", "action_density", "binder"});
  }
}

TEST(HmcValidation, DoubleWellAgainstTransferMatrix) {
  DoubleWellTarget t(16, 2.0, 1.0, 1.0, 1.0);
  check_against_exact(t, settings(8, 300, 4000, 15), {"x2", "tunnelling"});
}

}  // namespace
}  // namespace bbg
