// Falicov-Kimball 4 x 4, U = 4, T = 0.15 (near T_c; docs/surrogate_mc.md): single-flip
// Metropolis (grand canonical) and pair exchange (8 particles) against exact
// enumeration, energy and S(pi, pi) (and the specific heat, the occupation) within
// 4 standard errors. Fixed seeds; each proposal is one 16 x 16 eigenproblem.
#include <gtest/gtest.h>

#include "bbg/core/errors.hpp"
#include "bbg/mcmc/spin_mcmc.hpp"
#include "bbg/targets/falicov_kimball.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

using testing::expect_within_errors;

std::vector<ObservableEstimate> sample(const FalicovKimballTarget& target, const std::string& algorithm,
                                       uint64_t seed) {
  SpinMcmcSettings s;
  s.algorithm = algorithm;
  s.chains = 4;
  s.warmup = 200;
  s.samples = 3000;
  s.seed = seed;
  return analyze_chains(target, run_spin_mcmc(target, s).record);
}

TEST(FalicovKimballValidation, MetropolisMatchesEnumeration) {
  const FalicovKimballTarget target({4, 4}, 1.0 / 0.15, 1.0, 4.0, std::nullopt);
  const ExactResults exact = target.exact();
  const auto estimates = sample(target, "metropolis", 11);
  for (const char* name : {"energy", "structure_factor", "specific_heat", "occupation"})
    expect_within_errors(estimates, name, exact.observables.at(name), target.describe() + " metropolis");
}

TEST(FalicovKimballValidation, PairExchangeMatchesCanonicalEnumeration) {
  const FalicovKimballTarget target({4, 4}, 1.0 / 0.15, 1.0, 4.0, 8);
  const ExactResults exact = target.exact();
  const auto estimates = sample(target, "exchange", 12);
  for (const char* name : {"energy", "structure_factor", "specific_heat"})
    expect_within_errors(estimates, name, exact.observables.at(name), target.describe() + " exchange");
  // the sector never changes
  const auto& occupation = testing::find_estimate(estimates, "occupation");
  EXPECT_DOUBLE_EQ(occupation.stats.value, 0.5);
}

TEST(FalicovKimballValidation, AlgorithmsAllowedPerTarget) {
  const FalicovKimballTarget grand({4, 4}, 2.0, 1.0, 4.0, std::nullopt), canonical({4, 4}, 2.0, 1.0, 4.0, 8);
  EXPECT_EQ(default_spin_algorithm(grand), "metropolis");
  EXPECT_EQ(default_spin_algorithm(canonical), "exchange");
  auto message = [](const Target& t, const std::string& algorithm) {
    try {
      check_spin_algorithm(t, algorithm);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message(grand, "wolff").find("mcmc.algorithm"), std::string::npos);
  EXPECT_NE(message(grand, "wolff").find("\"metropolis\""), std::string::npos);
  EXPECT_NE(message(grand, "exchange").find("target.particles"), std::string::npos);
  EXPECT_NE(message(canonical, "metropolis").find("\"exchange\""), std::string::npos);
  EXPECT_EQ(message(grand, "metropolis"), "");
  EXPECT_EQ(message(canonical, "exchange"), "");
}

}  // namespace
}  // namespace bbg
