// The penalty kernels (sampler/penalty*.hpp): the penalty series, a scalar toy with
// a Gaussian noisy energy difference (exact by construction), and the conjugate
// regression with minibatch energy differences (d = 3, N = 70, 4 chains).
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/sampler/penalty.hpp"
#include "bbg/sampler/penalty_langevin_kernel.hpp"
#include "bbg/sampler/penalty_metropolis_kernel.hpp"
#include "sg_test_util.hpp"

namespace bbg {
namespace {

using bayes_test::Draws;
using bayes_test::LinearRegression;

// E over k chi^2 / sigma^2 ~ chi-squared_k of exp(-u_B(chi^2)), by Simpson quadrature.
double expected_acceptance_factor(double sigma2, double k, bool corrected) {
  const int n = 20000;
  const double top = k + 40.0 * std::sqrt(2.0 * k), dw = top / n;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double w = i * dw;
    const double density =
        w == 0.0 ? 0.0
                 : std::exp((0.5 * k - 1.0) * std::log(w) - 0.5 * w - 0.5 * k * std::log(2.0) - std::lgamma(0.5 * k));
    const double chi2 = sigma2 * w / k;
    const double u = corrected ? penalty_estimated_variance(chi2, k) : 0.5 * chi2;
    sum += (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0)) * density * std::exp(-u);
  }
  return sum * dw / 3.0;
}

// The series is built so that E[exp(-u_B(chi^2))] = exp(-sigma^2 / 2) (penalty.hpp);
// truncated after chi^6 it holds to O(sigma^8 / k^3), where sigma^2 / 2 alone is off
// at O(sigma^4 / k).
TEST(PenaltyMethod, CorrectedSeriesUndoesTheVarianceNoise) {
  for (double k : {3.0, 7.0, 15.0}) {
    const double sigma2 = 1.0, target = std::exp(-0.5 * sigma2);
    const double corrected = expected_acceptance_factor(sigma2, k, true);
    const double naive = expected_acceptance_factor(sigma2, k, false);
    EXPECT_LT(std::abs(corrected / target - 1.0), 2.0 / (k * k * k)) << "k = " << k;
    // sigma^2 / 2 alone misses the leading chi^4 / (4 (k + 2)) term: at least twice the corrected error.
    EXPECT_GT(std::abs(naive / target - 1.0), 2.0 * std::abs(corrected / target - 1.0)) << "k = " << k;
    std::cout << "[ series ] k = " << k << ": relative error of E exp(-u_B), corrected " << corrected / target - 1.0
              << ", sigma^2/2 only " << naive / target - 1.0 << "\n";
  }
  EXPECT_DOUBLE_EQ(penalty_estimated_variance(2.0, 7.0), 1.0 + 4.0 / 36.0 + 8.0 / (3.0 * 9.0 * 11.0));
}

// U(x) = x^2 / 2; each refresh draws xi ~ N(0, 1) and the difference estimate is
// U(to) - U(from) + tau xi with the variance tau^2 reported: Gaussian noise of known
// variance, the case where the penalty sigma^2 / 2 is exact.
class NoisyQuadratic : public Potential {
 public:
  explicit NoisyQuadratic(double tau) : tau_(tau) {}
  int64_t size() const override { return 1; }
  double value(const double* q) const override { return 0.5 * q[0] * q[0]; }
  void gradient(const double* q, double* g) const override { g[0] = q[0]; }
  void refresh(Rng& rng) const override { xi_ = rng.normal(); }
  EnergyDifference estimate_difference(const double* from, const double* to) const override {
    return {value(to) - value(from) + tau_ * xi_, tau_ * tau_};
  }

 private:
  double tau_;
  mutable double xi_ = 0.0;
};

// Returns the Gamma-method estimates of E x and E x^2 for the toy.
std::pair<GammaResult, GammaResult> run_toy(double tau, const PenaltySettings& s, uint64_t seed) {
  std::vector<std::vector<double>> x(4), x2(4);
  for (int c = 0; c < 4; ++c) {
    NoisyQuadratic u(tau);
    Rng rng(seed, c);
    PenaltyMetropolisKernel k(u, s, {0.0});
    for (int t = 0; t < 40000; ++t) {
      k.step(rng);
      x[c].push_back(k.position()[0]);
      x2[c].push_back(k.position()[0] * k.position()[0]);
    }
  }
  return {gamma_method(x), gamma_method(x2)};
}

TEST(PenaltyMethod, ScalarToyIsExactWithThePenaltyAndBiasedWithout) {
  PenaltySettings s;
  s.step_size = 2.0;
  s.adapt = false;
  s.minibatches = 1;
  s.variance_source = "data";  // the reported tau^2: the known variance
  s.penalty = "known_variance";
  const double tau = 1.2;  // sigma^2 = 1.44
  const auto known = run_toy(tau, s, 3);
  EXPECT_LT(std::abs(known.first.value), sampler_test::kSigmas * known.first.error);
  EXPECT_LT(std::abs(known.second.value - 1.0), sampler_test::kSigmas * known.second.error)
      << "known variance: E x^2 = " << known.second.value << " +- " << known.second.error;
  // Estimated variance: m = 8 batches of noise tau = 2.5 each, chi^2 ~ 0.78 with 7 dof.
  s.variance_source = "batches";
  s.minibatches = 8;
  s.penalty = "corrected";
  const auto corrected = run_toy(2.5, s, 4);
  EXPECT_LT(std::abs(corrected.second.value - 1.0), sampler_test::kSigmas * corrected.second.error)
      << "corrected: E x^2 = " << corrected.second.value << " +- " << corrected.second.error;
  s.penalty = "none";
  const auto none = run_toy(2.5, s, 4);
  EXPECT_GT(none.second.value - 1.0, sampler_test::kSigmas * none.second.error)
      << "none: E x^2 = " << none.second.value << " +- " << none.second.error;
  std::cout << "[ toy ] E x^2: known " << known.second.value << " +- " << known.second.error << ", corrected "
            << corrected.second.value << " +- " << corrected.second.error << ", none " << none.second.value << " +- "
            << none.second.error << " (exact 1)\n";
}

constexpr int64_t kBatch = 10;

bayes_test::KernelMaker penalty_mh(const PenaltySettings& s, const std::vector<double>& q0) {
  return [s, q0](const Potential& u, Rng&) { return std::make_unique<PenaltyMetropolisKernel>(u, s, q0); };
}

TEST(PenaltyMetropolis, RegressionCorrectedIsRightAndNoneIsBiased) {
  const LinearRegression lr;
  PenaltySettings s;
  s.step_size = 0.04;
  s.adapt = false;
  s.minibatches = 8;
  const Draws corrected = bayes_test::run_kernel(lr, kBatch, true, penalty_mh(s, lr.mean), 4, 200, 1500, 61);
  bayes_test::expect_moments(corrected, lr.mean, lr.covariance, "penalty MH corrected");
  s.penalty = "none";
  const Draws none = bayes_test::run_kernel(lr, kBatch, true, penalty_mh(s, lr.mean), 4, 200, 1500, 61);
  const double exact = bayes_test::trace(lr.covariance, lr.d);
  const GammaResult tc = bayes_test::covariance_trace(corrected, lr.mean),
                    tn = bayes_test::covariance_trace(none, lr.mean);
  EXPECT_GT(tn.value - exact, sampler_test::kSigmas * tn.error) << "none: tr C " << tn.value << " +- " << tn.error;
  std::cout << "[ penalty ] tr C: corrected " << tc.value << " +- " << tc.error << ", none " << tn.value << " +- "
            << tn.error << ", exact " << exact << "\n";
}

TEST(PenaltyLangevin, RegressionPosteriorWithinErrors) {
  const LinearRegression lr;
  PenaltySettings s;
  s.step_size = 0.002;
  s.minibatches = 8;
  const Draws draws = bayes_test::run_kernel(
      lr, kBatch, true,
      [s, &lr](const Potential& u, Rng&) { return std::make_unique<PenaltyLangevinKernel>(u, s, lr.mean); }, 4, 300,
      1200, 71);
  bayes_test::expect_moments(draws, lr.mean, lr.covariance, "penalty Langevin");
}

TEST(PenaltyMethod, BadSettingsAreRejected) {
  const LinearRegression lr;
  const auto u = lr.potential(kBatch, 1.0, true);
  PenaltySettings s;
  s.minibatches = 1;  // no sample variance
  EXPECT_THROW(PenaltyMetropolisKernel(*u, s, lr.mean), std::invalid_argument);
  s.minibatches = 4;
  s.penalty = "exact";
  EXPECT_THROW(PenaltyMetropolisKernel(*u, s, lr.mean), std::invalid_argument);
  s.penalty = "none";
  EXPECT_THROW(PenaltyMetropolisKernel(*u, s, {0.0}), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
