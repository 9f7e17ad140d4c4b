// Surrogate-driven single-flip Monte Carlo against exact enumeration on a 3x3 random-field
// Ising model (512 states), 4 standard errors (Gamma method over 4 chains):
// exact Metropolis, delayed acceptance with a wrong surrogate, and the penalty method with
// Gaussian noise of known variance are exact; the surrogate mean alone is biased.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/estimate/summary.hpp"
#include "bbg/surrogate/binary_flip_chain.hpp"
#include "random_field_ising_3x3.hpp"

namespace bbg {
namespace {

using rfim3::energy;
using rfim3::exact_flip_delta;
using rfim3::exact_mean_energy;
using rfim3::kN;

struct ChainRun {
  ObservableStats energy;
  FlipChainCounters counters;
};

ChainRun run(FlipAcceptance method, const SurrogateFlip& surrogate, int64_t sweeps = 20000) {
  std::vector<std::vector<double>> chains(4);
  ChainRun out;
  for (int64_t c = 0; c < 4; ++c) {
    BinaryFlipChain chain(energy, surrogate, method, std::vector<double>(kN, 1.0), 17, static_cast<uint64_t>(c));
    for (int64_t t = 0; t < 200; ++t) chain.sweep();
    for (int64_t t = 0; t < sweeps; ++t) {
      chain.sweep();
      chains[c].push_back(energy(chain.spins()));
    }
    out.counters.proposals += chain.counters().proposals;
    out.counters.exact_evaluations += chain.counters().exact_evaluations;
    out.counters.accepted += chain.counters().accepted;
  }
  out.energy = summarize(chains);
  return out;
}

TEST(BinaryFlipChain, ExactMetropolisMatchesEnumeration) {
  const double exact = exact_mean_energy();
  const ChainRun r = run(FlipAcceptance::kExact, {});
  EXPECT_LT(std::abs(r.energy.value - exact), 4 * r.energy.error) << r.energy.value << " +- " << r.energy.error;
  EXPECT_EQ(r.counters.exact_evaluations, r.counters.proposals + 4);
}

TEST(BinaryFlipChain, DelayedAcceptanceIsExactWithAWrongSurrogateAndSavesExactEnergies) {
  const double exact = exact_mean_energy();
  // a surrogate 30 % off in scale and shifted: stage 2 corrects it
  const SurrogateFlip wrong = [](const std::vector<double>& s, int64_t k) {
    return SurrogateDelta{0.7 * exact_flip_delta(s, k) + 0.1, 0.0};
  };
  const ChainRun r = run(FlipAcceptance::kDelayed, wrong);
  EXPECT_LT(std::abs(r.energy.value - exact), 4 * r.energy.error) << r.energy.value << " +- " << r.energy.error;
  EXPECT_LT(r.counters.exact_evaluations, r.counters.proposals);  // only stage-1 survivors
  // ... and the surrogate mean alone with the same surrogate is biased beyond 4 errors
  const ChainRun biased = run(FlipAcceptance::kSurrogateMean, wrong);
  EXPECT_EQ(biased.counters.exact_evaluations, 0);
  EXPECT_GT(std::abs(biased.energy.value - exact), 4 * biased.energy.error) << biased.energy.value;
}

TEST(BinaryFlipChain, PenaltyIsExactForGaussianNoiseOfKnownVariance) {
  const double exact = exact_mean_energy();
  auto noise = std::make_shared<Rng>(99);
  const double variance = 0.5;
  const SurrogateFlip noisy = [noise, variance](const std::vector<double>& s, int64_t k) {
    return SurrogateDelta{exact_flip_delta(s, k) + std::sqrt(variance) * noise->normal(), variance};
  };
  const ChainRun r = run(FlipAcceptance::kPenalty, noisy);
  EXPECT_LT(std::abs(r.energy.value - exact), 4 * r.energy.error) << r.energy.value << " +- " << r.energy.error;
  // Without the penalty the same noise biases the chain (it accepts too often).
  const ChainRun unpenalised = run(FlipAcceptance::kSurrogateMean, noisy);
  EXPECT_GT(std::abs(unpenalised.energy.value - exact), 4 * unpenalised.energy.error) << unpenalised.energy.value;
}

TEST(BinaryFlipChain, CumulativeUpdateIsExactWithAWrongSurrogate) {
  const double exact = exact_mean_energy();
  const SurrogateFlip wrong = [](const std::vector<double>& s, int64_t k) {
    return SurrogateDelta{0.8 * exact_flip_delta(s, k), 0.0};  // E_eff = 0.8 E (up to a constant)
  };
  std::vector<std::vector<double>> chains(4);
  int64_t blocks = 0, accepted = 0, exact_calls = 0;
  for (int64_t c = 0; c < 4; ++c) {
    BinaryFlipChain chain(energy, wrong, FlipAcceptance::kExact, std::vector<double>(kN, 1.0), 23,
                          static_cast<uint64_t>(c));
    for (int64_t t = 0; t < 200; ++t) chain.cumulative_step(kN);
    for (int64_t t = 0; t < 20000; ++t) {
      chain.cumulative_step(kN);
      chains[c].push_back(chain.energy());
    }
    blocks += chain.counters().blocks;
    accepted += chain.counters().blocks_accepted;
    exact_calls += chain.counters().exact_evaluations;
  }
  const ObservableStats e = summarize(chains);
  EXPECT_LT(std::abs(e.value - exact), 4 * e.error) << e.value << " +- " << e.error;
  EXPECT_EQ(exact_calls, blocks + 4);  // one exact energy per block of 9 proposals
  EXPECT_GT(accepted, blocks / 2);
}

// An ExactFlipEnergy that keeps the state and evaluates the flipped one in full: the chains
// with it must be the same chains, step for step, as with the stateless ExactEnergy.
class KeptEnergy : public ExactFlipEnergy {
 public:
  explicit KeptEnergy(std::vector<double> s) : s_(std::move(s)), e_(rfim3::energy(s_)) {}
  double energy() const override { return e_; }
  double flip_energy(int64_t site) override {
    std::vector<double> t(s_);
    t[site] = -t[site];
    return rfim3::energy(t);
  }
  void accept_flip(int64_t site) override {
    s_[site] = -s_[site];
    e_ = rfim3::energy(s_);
  }
  void reset(const std::vector<double>& s) override {
    s_ = s;
    e_ = rfim3::energy(s_);
  }
  std::unique_ptr<ExactFlipEnergy> clone() const override { return std::make_unique<KeptEnergy>(*this); }

 private:
  std::vector<double> s_;
  double e_;
};

TEST(BinaryFlipChain, KeptExactEnergyGivesTheSameChains) {
  const SurrogateFlip wrong = [](const std::vector<double>& s, int64_t k) {
    return SurrogateDelta{0.8 * exact_flip_delta(s, k), 0.0};
  };
  for (FlipAcceptance method : {FlipAcceptance::kExact, FlipAcceptance::kDelayed}) {
    const std::vector<double> start(kN, 1.0);
    BinaryFlipChain plain(energy, wrong, method, start, 5, 1);
    BinaryFlipChain kept({}, wrong, method, start, 5, 1, std::make_unique<KeptEnergy>(start));
    for (int t = 0; t < 300; ++t) {
      plain.sweep();
      kept.sweep();
      plain.cumulative_step(kN);  // rejected blocks restore the kept state
      kept.cumulative_step(kN);
      ASSERT_EQ(plain.spins(), kept.spins()) << t;
      ASSERT_DOUBLE_EQ(plain.energy(), kept.energy()) << t;
    }
    EXPECT_EQ(plain.counters().exact_evaluations, kept.counters().exact_evaluations);
    EXPECT_GT(kept.counters().blocks_accepted, 0);
    EXPECT_LT(kept.counters().blocks_accepted, kept.counters().blocks);
  }
}

TEST(BinaryFlipChain, MethodNamesAndMissingParts) {
  EXPECT_EQ(flip_acceptance_from_name("delayed"), FlipAcceptance::kDelayed);
  EXPECT_THROW(flip_acceptance_from_name("metropolis"), std::invalid_argument);
  EXPECT_THROW(BinaryFlipChain(energy, {}, FlipAcceptance::kPenalty, std::vector<double>(kN, 1.0), 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace bbg
