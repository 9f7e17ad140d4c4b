// Unit, diagonal and dense metrics: kinetic energy p^T M^-1 p / 2, velocity
// M^-1 p, and the covariance of drawn momenta (= M) within 4 standard errors.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/metric.hpp"

namespace bbg {
namespace {

// M^-1 of the dense case (symmetric positive definite, det 0.528); M = invert3(M^-1).
const std::vector<double> kSigma = {2.0, 0.6, 0.2, 0.6, 1.0, -0.3, 0.2, -0.3, 0.5};

std::vector<double> invert3(const std::vector<double>& a) {
  const double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) +
                     a[2] * (a[3] * a[7] - a[4] * a[6]);
  return {(a[4] * a[8] - a[5] * a[7]) / det, (a[2] * a[7] - a[1] * a[8]) / det, (a[1] * a[5] - a[2] * a[4]) / det,
          (a[5] * a[6] - a[3] * a[8]) / det, (a[0] * a[8] - a[2] * a[6]) / det, (a[2] * a[3] - a[0] * a[5]) / det,
          (a[3] * a[7] - a[4] * a[6]) / det, (a[1] * a[6] - a[0] * a[7]) / det, (a[0] * a[4] - a[1] * a[3]) / det};
}

struct Case {
  std::string name;
  std::function<std::unique_ptr<Metric>()> make;
  std::vector<double> inverse_mass;  // 3x3
};

std::vector<Case> cases() {
  return {
      {"unit", [] { return std::make_unique<UnitMetric>(3); }, {1, 0, 0, 0, 1, 0, 0, 0, 1}},
      {"diagonal", [] { return std::make_unique<DiagonalMetric>(std::vector<double>{0.5, 4.0, 0.01}); },
       {0.5, 0, 0, 0, 4.0, 0, 0, 0, 0.01}},
      {"dense", [] { return std::make_unique<DenseMetric>(3, kSigma); }, kSigma},
  };
}

class MetricTest : public ::testing::TestWithParam<Case> {};

TEST_P(MetricTest, KineticEnergyAndVelocity) {
  const auto metric = GetParam().make();
  const auto& s = GetParam().inverse_mass;
  const std::vector<double> p = {0.7, -1.2, 0.4};
  double expected = 0.0;
  std::vector<double> v(3);
  metric->velocity(p.data(), v.data());
  for (int i = 0; i < 3; ++i) {
    double vi = 0.0;
    for (int j = 0; j < 3; ++j) vi += s[i * 3 + j] * p[j];
    EXPECT_NEAR(v[i], vi, 1e-14) << i;
    expected += 0.5 * p[i] * vi;
  }
  EXPECT_NEAR(metric->kinetic(p.data()), expected, 1e-14);
  // drift = q + eps M^-1 p
  std::vector<double> q = {1.0, 2.0, 3.0}, scratch(3);
  metric->drift(q.data(), p.data(), 0.1, scratch.data());
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(q[i], 1.0 + i + 0.1 * v[i], 1e-14) << i;
}

TEST_P(MetricTest, MomentumCovarianceIsTheMass) {
  const auto metric = GetParam().make();
  const std::vector<double> mass = invert3(GetParam().inverse_mass);
  Rng rng(5, 0);
  const int n = 200000;
  std::vector<double> p(3), sum(9, 0.0), sum2(9, 0.0);
  for (int k = 0; k < n; ++k) {
    metric->sample_momentum(rng, p.data());
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        const double x = p[i] * p[j];
        sum[i * 3 + j] += x, sum2[i * 3 + j] += x * x;
      }
  }
  for (int e = 0; e < 9; ++e) {
    const double mean = sum[e] / n, error = std::sqrt((sum2[e] / n - mean * mean) / n);  // independent draws
    EXPECT_LT(std::abs(mean - mass[e]), 4.0 * error + 1e-15) << GetParam().name << " entry " << e << ": " << mean
                                                              << " +- " << error << ", M = " << mass[e];
  }
}

INSTANTIATE_TEST_SUITE_P(Metrics, MetricTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Metric, UnitMetricDrawsOneNormalPerComponentInOrder) {
  // the bit-for-bit contract with the HMC before the sampler core
  Rng a(3, 1), b(3, 1);
  UnitMetric metric(5);
  std::vector<double> p(5);
  metric.sample_momentum(a, p.data());
  for (double x : p) EXPECT_EQ(x, b.normal());
  double sum = 0.0;
  for (double x : p) sum += x * x;
  EXPECT_EQ(metric.kinetic(p.data()), 0.5 * sum);
}

TEST(Metric, RejectsBadMatrices) {
  EXPECT_THROW(DiagonalMetric({1.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(DenseMetric(2, {1.0, 2.0, 2.0, 1.0}), std::invalid_argument);  // indefinite
  EXPECT_THROW(DenseMetric(2, {1.0, 0.1, 0.2, 1.0}), std::invalid_argument);  // not symmetric
  EXPECT_THROW(DenseMetric(2, {1.0, 0.0, 0.0}), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
