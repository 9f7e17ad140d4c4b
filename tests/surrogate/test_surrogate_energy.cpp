// The finite-ensemble estimate of a flip's energy difference and the penalty method on it
// (surrogate_energy.hpp): the numbers of ensemble_delta; and on a 3x3 random-field Ising
// model (512 states), against exact enumeration at 4 standard errors, single-flip chains whose
// energy difference at every proposal comes from a fresh K-member ensemble whose true centre
// is itself a Gaussian draw around the exact Delta (the reading of surrogate_energy.hpp):
// with the finite-ensemble penalty the chain is exact; without a penalty it is biased.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/summary.hpp"
#include "bbg/surrogate/surrogate_energy.hpp"
#include "random_field_ising_3x3.hpp"

namespace bbg {
namespace {

using rfim3::energy;
using rfim3::exact_flip_delta;
using rfim3::exact_mean_energy;
using rfim3::kN;

TEST(EnsembleDelta, MeanInflatedVarianceAndDegreesOfFreedom) {
  const std::vector<double> y = {1.0, 2.0, 4.0, 5.0};  // mean 3, s^2 = 10 / 3
  const SurrogateDelta d = ensemble_delta(y.data(), 4);
  EXPECT_DOUBLE_EQ(d.mean, 3.0);
  EXPECT_NEAR(d.variance, 10.0 / 3.0 * 1.25, 1e-14);
  EXPECT_DOUBLE_EQ(d.degrees_of_freedom, 3.0);
  EXPECT_THROW(ensemble_delta(y.data(), 1), std::invalid_argument);
}

ObservableStats run(const SurrogateFlip& flip, FlipAcceptance method) {
  std::vector<std::vector<double>> chains(4);
  for (int64_t c = 0; c < 4; ++c) {
    BinaryFlipChain chain(energy, flip, method, std::vector<double>(kN, 1.0), 31, static_cast<uint64_t>(c));
    for (int64_t t = 0; t < 200; ++t) chain.sweep();
    for (int64_t t = 0; t < 20000; ++t) {
      chain.sweep();
      chains[c].push_back(energy(chain.spins()));
    }
  }
  return summarize(chains);
}

TEST(EnsembleDelta, FiniteEnsemblePenaltyIsExactUnpenalisedIsBiased) {
  const double exact = exact_mean_energy();
  constexpr int64_t kMembers = 6;
  constexpr double kSigma = 1.0;  // posterior sd of Delta
  auto noise = std::make_shared<Rng>(77);
  const SurrogateFlip ensemble = [noise](const std::vector<double>& s, int64_t k) {
    std::vector<double> t(s);
    t[k] = -t[k];
    const double centre = energy(t) - energy(s) + kSigma * noise->normal();
    std::vector<double> y(kMembers);
    for (double& v : y) v = centre + kSigma * noise->normal();
    return ensemble_delta(y.data(), kMembers);
  };
  const ObservableStats penalised = run(ensemble, FlipAcceptance::kPenalty);
  EXPECT_LT(std::abs(penalised.value - exact), 4 * penalised.error) << penalised.value << " +- " << penalised.error;
  const ObservableStats plain = run(ensemble, FlipAcceptance::kSurrogateMean);
  EXPECT_GT(std::abs(plain.value - exact), 4 * plain.error) << plain.value << " +- " << plain.error;
}

}  // namespace
}  // namespace bbg
