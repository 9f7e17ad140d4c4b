// LocalMetropolisKernel on discrete targets known ONLY through the energy
// difference of a flip: a 4-spin frustrated system with fields, against exact
// enumeration of its 16 states (4 standard errors); the penalty method with a
// noisy difference estimate against the same exact answer.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/spin_kernels.hpp"
#include "bbg/sampler/spin_system.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

// S(s) = -sum_{i<j} J_ij s_i s_j - sum_i h_i s_i, used only through flip differences
// (and by the test's enumeration).
struct FourSpins {
  double j[4][4] = {{0, 0.6, -0.4, 0.3}, {0.6, 0, 0.5, -0.7}, {-0.4, 0.5, 0, 0.2}, {0.3, -0.7, 0.2, 0}};
  double h[4] = {0.1, -0.3, 0.25, 0.0};
  double action(const int8_t* s) const {
    double e = 0.0;
    for (int a = 0; a < 4; ++a) {
      e -= h[a] * s[a];
      for (int b = a + 1; b < 4; ++b) e -= j[a][b] * s[a] * s[b];
    }
    return e;
  }
  double flip(const int8_t* s, int64_t i) const {  // S(flipped) - S = 2 s_i (sum_j J_ij s_j + h_i)
    double local = h[i];
    for (int b = 0; b < 4; ++b) local += j[i][b] * s[b];
    return 2.0 * s[i] * local;
  }
};

class ExactDifference : public SpinSystem {
 public:
  int64_t size() const override { return 4; }
  EnergyDifference flip_difference(const int8_t* s, int64_t site) const override { return {model.flip(s, site), 0.0}; }
  FourSpins model;
};

// An unbiased Gaussian estimate of the difference with known variance sigma^2:
// what a network or minibatch energy would give; the penalty method corrects for it.
class NoisyDifference : public SpinSystem {
 public:
  explicit NoisyDifference(double sigma) : sigma_(sigma) {}
  int64_t size() const override { return 4; }
  EnergyDifference flip_difference(const int8_t* s, int64_t site) const override {
    return {model.flip(s, site) + sigma_ * rng_.normal(), sigma_ * sigma_};
  }
  void refresh(Rng& rng) const override { rng_.reseed(rng.next(), 0); }
  FourSpins model;

 private:
  double sigma_;
  mutable Rng rng_;
};

// Exact <s_0>, <s_0 s_1> and <S> by summing the 16 states.
std::vector<double> exact_averages(const FourSpins& m) {
  double z = 0, s0 = 0, s01 = 0, act = 0;
  for (int k = 0; k < 16; ++k) {
    int8_t s[4];
    for (int a = 0; a < 4; ++a) s[a] = (k >> a) & 1 ? 1 : -1;
    const double w = std::exp(-m.action(s));
    z += w, s0 += w * s[0], s01 += w * s[0] * s[1], act += w * m.action(s);
  }
  return {s0 / z, s01 / z, act / z};
}

void expect_exact_averages(const SpinSystem& system, const FourSpins& m, uint64_t seed, const std::string& what) {
  const std::vector<double> exact = exact_averages(m);
  std::vector<std::vector<std::vector<double>>> series(3, std::vector<std::vector<double>>(4));
  for (int c = 0; c < 4; ++c) {
    LocalMetropolisKernel kernel(system);
    Rng rng(seed, c);
    SpinState state{{1, 1, 1, 1}};
    for (int t = 0; t < 200; ++t) kernel.step(state, rng);
    for (int t = 0; t < 20000; ++t) {
      const StepInfo info = kernel.step(state, rng);
      ASSERT_EQ(info.moves_proposed, 4);
      const int8_t* s = state.spins.data();
      series[0][c].push_back(s[0]);
      series[1][c].push_back(s[0] * s[1]);
      series[2][c].push_back(m.action(s));
    }
  }
  sampler_test::expect_mean_within_errors(series[0], exact[0], what + " <s0>");
  sampler_test::expect_mean_within_errors(series[1], exact[1], what + " <s0 s1>");
  sampler_test::expect_mean_within_errors(series[2], exact[2], what + " <S>");
}

TEST(LocalMetropolisKernel, MatchesExactEnumerationFromFlipDifferencesOnly) {
  ExactDifference system;
  expect_exact_averages(system, system.model, 41, "exact difference");
}

TEST(LocalMetropolisKernel, PenaltyMethodCorrectsANoisyDifference) {
  NoisyDifference system(0.8);
  expect_exact_averages(system, system.model, 42, "penalty method, sigma 0.8");
}

TEST(LocalMetropolisKernel, IgnoringTheVarianceWouldBeBiased) {
  // The same noise without the penalty visibly biases <S>: the check above has power.
  class Unpenalised : public NoisyDifference {
   public:
    Unpenalised() : NoisyDifference(0.8) {}
    EnergyDifference flip_difference(const int8_t* s, int64_t site) const override {
      return {NoisyDifference::flip_difference(s, site).delta, 0.0};
    }
  } system;
  const double exact = exact_averages(system.model)[2];
  std::vector<std::vector<double>> action(4);
  for (int c = 0; c < 4; ++c) {
    LocalMetropolisKernel kernel(system);
    Rng rng(43, c);
    SpinState state{{1, 1, 1, 1}};
    for (int t = 0; t < 20000; ++t) {
      kernel.step(state, rng);
      action[c].push_back(system.model.action(state.spins.data()));
    }
  }
  const GammaResult g = gamma_method(action);
  EXPECT_GT(std::abs(g.value - exact), 6.0 * g.error) << g.value << " +- " << g.error << " vs " << exact;
}

}  // namespace
}  // namespace bbg
