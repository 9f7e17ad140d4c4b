// SGLD (bayes/sgld_kernel.hpp) at a constant step h on Bayesian linear regression.
//
// Derived tolerance. The posterior is Gaussian, U = (theta - mu)^T A (theta - mu) / 2
// + const, so with the full batch one step is
//   theta' - mu = B (theta - mu) + sqrt(h) z,  B = I - h A / 2,
// whose stationary law has mean exactly mu and covariance C solving C = B C B + h I:
//   C_h = h (I - B^2)^-1 = (A - h A^2 / 4)^-1 = Sigma + (h / 4) I + O(h^2).
// The test checks mean and covariance against mu and C_h (not Sigma) within 4
// Gamma-method errors at h and h / 2, and that the measured bias tr(C) - tr(Sigma)
// shrinks when h is halved by more than 4 combined errors.
// With minibatches, the gradient is A_B theta - b_B with E[A_B] = A, E[b_B] = b; for a
// batch independent of theta, E[theta'] - mu = (I - h A / 2)(E[theta] - mu), so the
// mean stays exactly mu; only the covariance gains an O(h) term from the gradient
// noise, (h / 4) E[(A_B - A) C (A_B - A) + r_B r_B^T]-like, so its bias again shrinks
// with h. (Consecutive batches of one epoch are disjoint, which correlates the batch
// with theta at second order in the fluctuations; the test asserts that this stays
// below the 4-error tolerance on the mean at these sizes.)
#include <gtest/gtest.h>

#include "bayes_test_util.hpp"
#include "bbg/bayes/sgld_kernel.hpp"
#include "bbg/sampler/metric.hpp"

namespace bbg {
namespace {

using bayes_test::Draws;
using bayes_test::LinearRegression;

Draws run_sgld(const LinearRegression& lr, int64_t batch, double h, int64_t chains, int64_t warmup, int64_t samples,
               uint64_t seed) {
  const UnitMetric metric(lr.d);
  bayes::SgldSchedule schedule;
  schedule.a = h;
  schedule.gamma = 0.0;  // constant step
  Draws draws(chains);
  for (int64_t c = 0; c < chains; ++c) {
    const auto u = lr.potential(batch);  // one minibatch potential per chain
    Rng rng(seed, static_cast<uint64_t>(c));
    bayes::SgldKernel kernel(*u, metric, schedule);
    bayes::SgldState state = kernel.init(lr.mean);
    for (int64_t t = 0; t < warmup; ++t) kernel.step(state, rng);
    for (int64_t t = 0; t < samples; ++t) {
      kernel.step(state, rng);
      draws[c].push_back(state.q);
    }
  }
  return draws;
}

// C_h = (A - h A^2 / 4)^-1.
std::vector<double> stationary_covariance(const LinearRegression& lr, double h) {
  const int64_t d = lr.d;
  std::vector<double> m(d * d);
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < d; ++j) {
      double a2 = 0.0;
      for (int64_t k = 0; k < d; ++k) a2 += lr.precision[i * d + k] * lr.precision[k * d + j];
      m[i * d + j] = lr.precision[i * d + j] - 0.25 * h * a2;
    }
  return bayes_test::invert(m, d);
}

double trace(const std::vector<double>& c, int64_t d) {
  double t = 0.0;
  for (int64_t i = 0; i < d; ++i) t += c[i * d + i];
  return t;
}

// h lambda_max ~ 0.85 (lambda ~ N / sigma^2 ~ 280): a bias of ~ 25 % of tr(Sigma), well resolved.
constexpr double kStep = 0.003;

void expect_bias_shrinks(const LinearRegression& lr, const Draws& coarse, const Draws& fine, const std::string& what) {
  const double exact = trace(lr.covariance, lr.d);
  const GammaResult c = bayes_test::covariance_trace(coarse, lr.mean), f = bayes_test::covariance_trace(fine, lr.mean);
  const double bias_coarse = c.value - exact, bias_fine = f.value - exact;
  EXPECT_GT(bias_fine, 0.0) << what;
  EXPECT_GT(bias_coarse - bias_fine, sampler_test::kSigmas * std::hypot(c.error, f.error))
      << what << ": tr bias at h " << bias_coarse << " +- " << c.error << ", at h/2 " << bias_fine << " +- "
      << f.error;
}

TEST(BayesSgld, FullBatchConstantStepHasTheDerivedStationaryLaw) {
  const LinearRegression lr;
  const Draws coarse = run_sgld(lr, 0, kStep, 4, 200, 10000, 51);
  const Draws fine = run_sgld(lr, 0, kStep / 2, 4, 400, 10000, 52);
  bayes_test::expect_moments(coarse, lr.mean, stationary_covariance(lr, kStep), "SGLD full batch h");
  bayes_test::expect_moments(fine, lr.mean, stationary_covariance(lr, kStep / 2), "SGLD full batch h/2");
  expect_bias_shrinks(lr, coarse, fine, "SGLD full batch");
}

TEST(BayesSgld, MinibatchMeanIsExactAndCovarianceBiasShrinks) {
  const LinearRegression lr;
  const Draws coarse = run_sgld(lr, 16, kStep, 4, 200, 10000, 61);
  const Draws fine = run_sgld(lr, 16, kStep / 2, 4, 400, 10000, 62);
  for (const Draws* d : {&coarse, &fine})
    for (int64_t j = 0; j < lr.d; ++j) {
      std::vector<std::vector<double>> m(d->size());
      for (size_t c = 0; c < d->size(); ++c)
        for (const auto& q : (*d)[c]) m[c].push_back(q[j]);
      sampler_test::expect_mean_within_errors(m, lr.mean[j], "SGLD minibatch mean " + std::to_string(j));
    }
  expect_bias_shrinks(lr, coarse, fine, "SGLD minibatch n = 16");
}

TEST(BayesSgld, PolynomialStepSchedule) {
  bayes::SgldSchedule s;
  s.a = 0.1;
  s.b = 10.0;
  s.gamma = 0.55;
  EXPECT_DOUBLE_EQ(s.step_size(0), 0.1 * std::pow(10.0, -0.55));
  EXPECT_DOUBLE_EQ(s.step_size(90), 0.1 * std::pow(100.0, -0.55));
  // The kernel reads eps_t from the state's counter: one step from t moves theta by
  // -(eps_t / 2) dU/dtheta + sqrt(eps_t) z, z the metric's draws.
  const LinearRegression lr;
  const auto u = lr.potential();
  const UnitMetric metric(lr.d);
  bayes::SgldKernel kernel(*u, metric, s);
  bayes::SgldState state = kernel.init({0.1, 0.2, 0.3});
  state.t = 90;
  const std::vector<double> q0 = state.q;
  const auto g = lr.energy_gradient(q0.data());
  Rng rng(8, 0), copy(8, 0);
  const StepInfo info = kernel.step(state, rng);
  EXPECT_EQ(state.t, 91);
  EXPECT_TRUE(info.accepted);
  EXPECT_EQ(info.gradient_evaluations, 1);
  const double eps = s.step_size(90);
  for (int64_t j = 0; j < lr.d; ++j)
    EXPECT_NEAR(state.q[j], q0[j] - 0.5 * eps * g[j] + std::sqrt(eps) * copy.normal(), 1e-12);
  s.a = -1.0;
  EXPECT_THROW(bayes::SgldKernel(*u, metric, s), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
