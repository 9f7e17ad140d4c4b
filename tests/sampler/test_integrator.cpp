// Leapfrog and Omelyan 2MN: time reversibility, volume preservation (Jacobian
// determinant 1 by central differences) and energy error O(eps^2), with the unit
// a diagonal and a dense metric, on a non-quadratic potential.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/metric.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using sampler_test::AnharmonicPotential;

struct Case {
  std::string integrator;
  std::string metric;  // unit | diagonal | dense
};

std::unique_ptr<Metric> make_metric(const std::string& kind) {
  if (kind == "diagonal") return std::make_unique<DiagonalMetric>(std::vector<double>{0.5, 2.0, 1.3});
  if (kind == "dense") return std::make_unique<DenseMetric>(3, std::vector<double>{2.0, 0.6, 0.2, 0.6, 1.0, -0.3, 0.2, -0.3, 0.5});
  return std::make_unique<UnitMetric>(3);
}

class IntegratorTest : public ::testing::TestWithParam<Case> {
 protected:
  std::unique_ptr<SymplecticIntegrator> integrator = make_integrator(GetParam().integrator);
  AnharmonicPotential potential;
  std::unique_ptr<Metric> metric = make_metric(GetParam().metric);
  std::vector<double> scratch = std::vector<double>(3);

  void run(std::vector<double>& q, std::vector<double>& p, double eps, int64_t steps) {
    integrator->integrate(potential, *metric, q.data(), p.data(), eps, steps, scratch.data());
  }
  double energy(const std::vector<double>& q, const std::vector<double>& p) const {
    return potential.value(q.data()) + metric->kinetic(p.data());
  }
};

TEST_P(IntegratorTest, TimeReversible) {
  std::vector<double> q = {0.7, -0.4, 1.1}, p = {0.3, 0.9, -0.6};
  const auto q0 = q, p0 = p;
  run(q, p, 0.1, 25);
  for (auto& x : p) x = -x;
  run(q, p, 0.1, 25);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(q[i], q0[i], 1e-12) << i;
    EXPECT_NEAR(-p[i], p0[i], 1e-12) << i;
  }
}

TEST_P(IntegratorTest, PreservesPhaseSpaceVolume) {
  const std::vector<double> z0 = {0.7, -0.4, 1.1, 0.3, 0.9, -0.6};  // (q, p)
  auto flow = [&](const std::vector<double>& z) {
    std::vector<double> q(z.begin(), z.begin() + 3), p(z.begin() + 3, z.end());
    run(q, p, 0.1, 10);
    q.insert(q.end(), p.begin(), p.end());
    return q;
  };
  const int n = 6;
  const double h = 1e-5;
  std::vector<double> jac(n * n);
  for (int j = 0; j < n; ++j) {
    auto up = z0, down = z0;
    up[j] += h, down[j] -= h;
    const auto fu = flow(up), fd = flow(down);
    for (int i = 0; i < n; ++i) jac[i * n + j] = (fu[i] - fd[i]) / (2 * h);
  }
  // determinant by Gaussian elimination with partial pivoting
  double det = 1.0;
  for (int k = 0; k < n; ++k) {
    int pivot = k;
    for (int i = k + 1; i < n; ++i)
      if (std::abs(jac[i * n + k]) > std::abs(jac[pivot * n + k])) pivot = i;
    if (pivot != k) {
      for (int j = 0; j < n; ++j) std::swap(jac[k * n + j], jac[pivot * n + j]);
      det = -det;
    }
    det *= jac[k * n + k];
    for (int i = k + 1; i < n; ++i) {
      const double f = jac[i * n + k] / jac[k * n + k];
      for (int j = k; j < n; ++j) jac[i * n + j] -= f * jac[k * n + j];
    }
  }
  EXPECT_NEAR(det, 1.0, 1e-7);
}

TEST_P(IntegratorTest, EnergyErrorScalesAsEpsSquared) {
  // Same trajectory length 1, step eps and eps/2: |dH| falls by 4 for a
  // second-order integrator (to within higher orders at these small steps).
  auto error = [&](double eps) {
    std::vector<double> q = {0.7, -0.4, 1.1}, p = {0.3, 0.9, -0.6};
    const double h0 = energy(q, p);
    run(q, p, eps, static_cast<int64_t>(std::llround(1.0 / eps)));
    return std::abs(energy(q, p) - h0);
  };
  const double coarse = error(0.02), fine = error(0.01);
  EXPECT_GT(coarse, 0.0);
  EXPECT_NEAR(coarse / fine, 4.0, 0.2) << "|dH| " << coarse << " at eps 0.02, " << fine << " at eps 0.01";
}

INSTANTIATE_TEST_SUITE_P(Integrators, IntegratorTest,
                         ::testing::Values(Case{"leapfrog", "unit"}, Case{"omelyan", "unit"}, Case{"leapfrog", "diagonal"},
                                           Case{"omelyan", "diagonal"}, Case{"leapfrog", "dense"},
                                           Case{"omelyan", "dense"}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.integrator + "_" + info.param.metric;
                         });

TEST(Integrator, GradientEvaluationCounts) {
  EXPECT_EQ(make_integrator("leapfrog")->gradient_evaluations(10), 11);
  EXPECT_EQ(make_integrator("omelyan")->gradient_evaluations(10), 21);
  EXPECT_THROW(make_integrator("verlet"), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
