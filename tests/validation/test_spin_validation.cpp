// Checkerboard Metropolis and Wolff on the 2D Ising model against enumeration
// (4x4) and the transfer matrix / Kaufman's formula (8x8), at beta = 0.3,
// beta_c = ln(1 + sqrt 2)/2 and 0.6. Fixed seeds, 4 standard errors.
#include <gtest/gtest.h>

#include "bbg/mcmc/spin_mcmc.hpp"
#include "bbg/targets/ising.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

using testing::expect_within_errors;

struct Case {
  std::string algorithm;
  int64_t size;
  double beta;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.algorithm << " L=" << c.size << " beta=" << c.beta; }

class SpinValidation : public ::testing::TestWithParam<Case> {};

TEST_P(SpinValidation, EnergyAndMagnetisationMatchExact) {
  const auto& c = GetParam();
  IsingTarget t({c.size, c.size}, c.beta, 1.0, 0.0);
  const ExactResults exact = t.exact();
  SpinMcmcSettings s;
  s.algorithm = c.algorithm;
  s.chains = 4;
  s.warmup = 200;
  s.samples = c.algorithm == "metropolis" ? 6000 : 3000;
  s.seed = 101 + static_cast<uint64_t>(c.size * 1000 + c.beta * 100);
  const auto r = run_spin_mcmc(t, s);
  const auto estimates = analyze_chains(t, r.record);
  expect_within_errors(estimates, "energy", exact.observables.at("energy"), t.describe() + " " + c.algorithm);
  expect_within_errors(estimates, "m2", exact.observables.at("m2"), t.describe() + " " + c.algorithm);
  if (exact.observables.count("specific_heat"))
    expect_within_errors(estimates, "specific_heat", exact.observables.at("specific_heat"),
                         t.describe() + " " + c.algorithm);
}

constexpr double kBetaC = 0.44068679350977147;

INSTANTIATE_TEST_SUITE_P(
    Ising2D, SpinValidation,
    ::testing::Values(Case{"metropolis", 4, 0.3}, Case{"metropolis", 4, kBetaC}, Case{"metropolis", 4, 0.6},
                      Case{"metropolis", 8, 0.3}, Case{"metropolis", 8, kBetaC}, Case{"metropolis", 8, 0.6},
                      Case{"wolff", 4, 0.3}, Case{"wolff", 4, kBetaC}, Case{"wolff", 4, 0.6}, Case{"wolff", 8, 0.3},
                      Case{"wolff", 8, kBetaC}, Case{"wolff", 8, 0.6}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return info.param.algorithm + "_" + std::to_string(info.param.size) + "_beta" +
             std::to_string(static_cast<int>(info.param.beta * 1000));
    });

TEST(SpinValidation, MetropolisWithFieldAgainstEnumeration) {
  IsingTarget t({4, 4}, 0.35, 1.0, 0.2);
  const ExactResults exact = t.exact();
  SpinMcmcSettings s;
  s.algorithm = "metropolis";
  s.chains = 4;
  s.warmup = 200;
  s.samples = 5000;
  s.seed = 7;
  const auto estimates = analyze_chains(t, run_spin_mcmc(t, s).record);
  for (const char* n : {"m", "abs_m", "m2", "energy", "chi", "binder"})
    expect_within_errors(estimates, n, exact.observables.at(n), "4x4 h=0.2");
}

}  // namespace
}  // namespace bbg
