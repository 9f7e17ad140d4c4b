// Mode-dropping estimator on a bimodal target with a known answer.
//
// p ∝ exp(-S), S(x) = -ln(exp(-(x-a)^2/2) + exp(-(x+a)^2/2)), a = 5: an equal
// mixture of N(-a, 1) and N(a, 1) with Z = 2 sqrt(2 pi). A model that covers only
// the mode at +a sees half of the mass, so w_bar = 1/2; a model that covers both
// gives w_bar = 1.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/importance.hpp"
#include "bbg/estimate/mode_dropping.hpp"

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kA = 5.0;

double logaddexp(double a, double b) {
  const double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

double action(double x) { return -logaddexp(-0.5 * (x - kA) * (x - kA), -0.5 * (x + kA) * (x + kA)); }

// log density of N(mu, s^2).
double log_normal(double x, double mu, double s) {
  return -0.5 * (x - mu) * (x - mu) / (s * s) - std::log(std::sqrt(2.0 * kPi) * s);
}

// Models: "one mode" q = N(a, 1); "mixture(s)" q = equal mixture of N(±a, s^2).
struct Model {
  bool both_modes;
  double s;
  double log_q(double x) const {
    if (!both_modes) return log_normal(x, kA, s);
    return logaddexp(log_normal(x, kA, s), log_normal(x, -kA, s)) - std::log(2.0);
  }
  double draw(bbg::Rng& rng) const {
    const double mu = (!both_modes || rng.uniform() < 0.5) ? kA : -kA;
    return mu + s * rng.normal();
  }
};

double draw_p(bbg::Rng& rng) { return (rng.uniform() < 0.5 ? kA : -kA) + rng.normal(); }

bbg::Estimate q_side(const Model& q, int64_t n, bbg::Rng& rng) {
  std::vector<double> lw(n);
  for (auto& v : lw) {
    const double x = q.draw(rng);
    v = -action(x) - q.log_q(x);
  }
  return bbg::log_z_from_log_weights(lw);
}

// `chains` chains of `n` iid draws of p, each draw repeated `repeat` times.
std::vector<std::vector<double>> p_side(const Model& q, int chains, int64_t n, int repeat, bbg::Rng& rng) {
  std::vector<std::vector<double>> out(chains);
  for (auto& c : out)
    for (int64_t i = 0; i < n; ++i) {
      const double x = draw_p(rng);
      for (int k = 0; k < repeat; ++k) c.push_back(-action(x) - q.log_q(x));
    }
  return out;
}

}  // namespace

TEST(ModeDropping, ModelMissingOneModeGivesOneHalf) {
  bbg::Rng rng(31);
  const Model q{false, 1.0};
  const bbg::Estimate lz = q_side(q, 100000, rng);
  // The q-side alone looks healthy: ln Z_hat_q = ln Z - ln 2 with a tiny error.
  EXPECT_NEAR(lz.value, std::log(std::sqrt(2.0 * kPi)), 1e-3);
  const auto r = bbg::mode_dropping(lz, p_side(q, 4, 25000, 1, rng));
  EXPECT_EQ(r.p_samples, 100000);
  EXPECT_GT(r.error, 0.0);
  EXPECT_NEAR(r.value, 0.5, 4.0 * r.error);
  EXPECT_NEAR(r.log_value, std::log(r.value), 1e-14);
  EXPECT_NEAR(r.error, r.value * r.log_error, 1e-15);
  // The p side estimates the full Z.
  EXPECT_NEAR(r.log_z_p, std::log(2.0 * std::sqrt(2.0 * kPi)), 4.0 * r.log_z_p_error);
}

TEST(ModeDropping, ExactModelGivesExactlyOne) {
  bbg::Rng rng(32);
  const Model q{true, 1.0};  // q = p: every log weight is ln Z
  const auto r = bbg::mode_dropping(q_side(q, 1000, rng), p_side(q, 2, 500, 1, rng));
  EXPECT_NEAR(r.value, 1.0, 1e-12);
  EXPECT_NEAR(r.error, 0.0, 1e-8);  // the sqrt of rounding noise in the constant lw
}

TEST(ModeDropping, CoveringModelGivesOne) {
  bbg::Rng rng(33);
  const Model q{true, 1.2};  // both modes, wider: finite weight variance on both sides
  const bbg::Estimate lz = q_side(q, 100000, rng);
  const auto r = bbg::mode_dropping(lz, p_side(q, 4, 25000, 1, rng));
  EXPECT_GT(r.error, 0.0);
  EXPECT_NEAR(r.value, 1.0, 4.0 * r.error);
  EXPECT_NEAR(r.log_error * r.log_error, lz.error * lz.error + r.log_z_p_error * r.log_z_p_error, 1e-15);
}

TEST(ModeDropping, AutocorrelatedChainsGetHonestErrors) {
  // Each p draw repeated 5 times: same mean, tau_int ~ 5/2, and the same error as the
  // iid chains (5x the draws, no new information); an analysis that ignored the
  // autocorrelation would report an error sqrt(5) too small.
  const Model q{false, 1.0};
  bbg::Rng r1(40), r2(40);
  const bbg::Estimate lz{std::log(std::sqrt(2.0 * kPi)), 0.0, 0.0};
  const auto iid = bbg::mode_dropping(lz, p_side(q, 4, 5000, 1, r1));
  const auto rep = bbg::mode_dropping(lz, p_side(q, 4, 5000, 5, r2));
  EXPECT_NEAR(rep.value, iid.value, 1e-12);
  EXPECT_NEAR(iid.tau_int, 0.5, 0.1);
  EXPECT_NEAR(rep.tau_int, 2.5, 0.4);
  EXPECT_NEAR(rep.log_z_p_error, iid.log_z_p_error, 0.15 * iid.log_z_p_error);
}

TEST(ModeDropping, EdgeCasesAndInvalidInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const bbg::Estimate lz{0.0, 0.01, 0.0};
  // q = 0 at every p draw: all of p's mass is missed.
  const auto none = bbg::mode_dropping(lz, {{inf, inf, inf}});
  EXPECT_EQ(none.value, 0.0);
  EXPECT_EQ(none.log_value, -inf);
  // Hand-checked: mean_p(e^{-lw}) over {ln 2, +inf} is 1/4, w_bar = e^0 / 4.
  const auto quarter = bbg::mode_dropping(lz, {{std::log(2.0), inf}});
  EXPECT_NEAR(quarter.value, 0.25, 1e-15);
  EXPECT_EQ(quarter.p_samples, 2);

  EXPECT_THROW(bbg::mode_dropping(lz, {}), std::invalid_argument);
  EXPECT_THROW(bbg::mode_dropping(lz, {{0.0}}), std::invalid_argument);
  EXPECT_THROW(bbg::mode_dropping(lz, {{0.0, nan}}), std::invalid_argument);
  EXPECT_THROW(bbg::mode_dropping(lz, {{0.0, -inf}}), std::invalid_argument);
  EXPECT_THROW(bbg::mode_dropping(bbg::Estimate{nan, 0.0, 0.0}, {{0.0, 1.0}}), std::invalid_argument);
}
