#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "bbg/exact/single_site.hpp"

using namespace bbg::exact;

namespace {

// Brute force: trapezoid rule on [-20, 20] (geometric convergence for this entire,
// rapidly decaying integrand), shifted by the minimum of S.
SingleSiteMoments trapezoid(double lambda, double h = 0.004) {
  const double a = 1.0 - 2.0 * lambda;
  const double smin = a >= 0 ? 0.0 : -a * a / (4.0 * lambda);
  double i0 = 0, i2 = 0, i4 = 0;
  const int n = static_cast<int>(std::lround(40.0 / h));
  for (int j = 0; j <= n; ++j) {
    const double x = -20.0 + h * j, x2 = x * x;
    const double w = std::exp(-(a * x2 + lambda * x2 * x2 - smin)) * ((j == 0 || j == n) ? 0.5 : 1.0);
    i0 += w;
    i2 += w * x2;
    i4 += w * x2 * x2;
  }
  return {std::log(i0 * h) - smin, i2 / i0, i4 / i0, "trapezoid"};
}

}  // namespace

TEST(SingleSite, BesselKAgainstStd) {
  for (double nu : {0.0, 0.25, 0.75, 1.25, 2.5})
    for (double z : {1e-3, 0.1, 1.0, 5.0, 20.0, 100.0}) {
      const double ref = std::cyl_bessel_k(nu, z);
      EXPECT_NEAR(bessel_k(nu, z), ref, 1e-13 * ref) << "nu=" << nu << " z=" << z;
      EXPECT_NEAR(bessel_k_scaled(nu, z), std::exp(z) * ref, 1e-13 * std::exp(z) * ref);
    }
  // half-integer order in closed form: K_{1/2}(z) = sqrt(pi/(2z)) e^{-z}
  for (double z : {0.01, 0.5, 3.0, 40.0})
    EXPECT_NEAR(bessel_k_scaled(0.5, z), std::sqrt(M_PI / (2.0 * z)), 1e-14 * std::sqrt(M_PI / (2.0 * z)));
}

TEST(SingleSite, MomentsAgainstBruteForce) {
  for (double lambda : {0.02, 0.2, 0.5, 1.0, 3.0}) {
    const auto s = single_site_moments(lambda);
    const auto t = trapezoid(lambda);
    SCOPED_TRACE(::testing::Message() << "lambda=" << lambda << " method: " << s.method);
    EXPECT_NEAR(s.log_z1, t.log_z1, 1e-12 * std::max(1.0, std::abs(t.log_z1)));
    EXPECT_NEAR(s.phi2, t.phi2, 1e-12 * t.phi2);
    EXPECT_NEAR(s.phi4, t.phi4, 1e-12 * t.phi4);
  }
  // which form is used
  EXPECT_NE(single_site_moments(0.2).method.find("K_1/4"), std::string::npos);
  EXPECT_NE(single_site_moments(1.0).method.find("quadrature"), std::string::npos);
  EXPECT_NE(single_site_moments(0.02).method.find("K_1/4"), std::string::npos);       // z = 5.76
  EXPECT_NE(single_site_moments(0.005).method.find("quadrature"), std::string::npos);  // z = 24.5 > 20
}

TEST(SingleSite, BesselFormAgainstQuadrature) {
  for (double lambda : {0.005, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.499}) {
    const auto b = single_site_moments_bessel(lambda);
    const auto q = single_site_moments_quadrature(lambda);
    SCOPED_TRACE(::testing::Message() << "lambda=" << lambda);
    EXPECT_NEAR(b.log_z1, q.log_z1, 1e-13 * std::max(1.0, std::abs(q.log_z1)));
    EXPECT_NEAR(b.phi2, q.phi2, 1e-12 * q.phi2);
    EXPECT_NEAR(b.phi4, q.phi4, 1e-12 * q.phi4);
    // integration by parts: 1 = 2 a <phi^2> + 4 lambda <phi^4>
    EXPECT_NEAR(2.0 * (1.0 - 2.0 * lambda) * b.phi2 + 4.0 * lambda * b.phi4, 1.0, 1e-13);
  }
}

TEST(SingleSite, GaussianLimitAndErrors) {
  const auto g = single_site_moments(0.0);
  EXPECT_NEAR(g.log_z1, 0.5 * std::log(M_PI), 1e-15);
  EXPECT_DOUBLE_EQ(g.phi2, 0.5);
  EXPECT_DOUBLE_EQ(g.phi4, 0.75);
  EXPECT_THROW(single_site_moments(-0.1), std::invalid_argument);
  EXPECT_THROW(single_site_moments_bessel(0.6), std::invalid_argument);
}

TEST(Phi4KappaZero, MatchesDirectIntegrationOnTwoAndThreeSites) {
  for (double lambda : {0.2, 0.5, 1.0}) {
    for (int V : {2, 3}) {
      SCOPED_TRACE(::testing::Message() << "lambda=" << lambda << " V=" << V);
      const auto f = phi4_kappa_zero({V}, lambda);
      // Direct V-dimensional trapezoid of exp(-sum_x S(phi_x)) with M = sum phi.
      const double a = 1.0 - 2.0 * lambda, h = V == 2 ? 0.02 : 0.04, X = 6.0;
      const int n = static_cast<int>(std::lround(2 * X / h));
      std::vector<double> x(n + 1), w(n + 1), s(n + 1);
      for (int j = 0; j <= n; ++j) {
        x[j] = -X + h * j;
        const double x2 = x[j] * x[j];
        s[j] = a * x2 + lambda * x2 * x2;
        w[j] = std::exp(-s[j]) * h;
      }
      double z = 0, m2 = 0, m4 = 0, act = 0;
      auto add = [&](double weight, double M, double S) {
        const double m = M / V;
        z += weight;
        m2 += weight * m * m;
        m4 += weight * m * m * m * m;
        act += weight * S / V;
      };
      if (V == 2) {
        for (int i = 0; i <= n; ++i)
          for (int j = 0; j <= n; ++j) add(w[i] * w[j], x[i] + x[j], s[i] + s[j]);
      } else {
        for (int i = 0; i <= n; ++i)
          for (int j = 0; j <= n; ++j)
            for (int k = 0; k <= n; ++k) add(w[i] * w[j] * w[k], x[i] + x[j] + x[k], s[i] + s[j] + s[k]);
      }
      m2 /= z;
      m4 /= z;
      act /= z;
      EXPECT_NEAR(f.log_z, std::log(z), 1e-10 * std::max(1.0, std::abs(f.log_z)));
      EXPECT_NEAR(*f.m2, m2, 1e-10 * m2);
      EXPECT_NEAR(*f.m4, m4, 1e-10 * m4);
      EXPECT_NEAR(*f.binder, 1.0 - m4 / (3.0 * m2 * m2), 1e-9);
      EXPECT_NEAR(*f.action_density, act, 1e-10 * std::abs(act));
      EXPECT_DOUBLE_EQ(*f.m, 0.0);
      EXPECT_FALSE(f.abs_m.has_value());
      EXPECT_FALSE(f.chi.has_value());
    }
  }
}

TEST(Phi4KappaZero, CorrelatorIsLocal) {
  const auto f = phi4_kappa_zero({6, 4}, 0.7);
  const auto s = single_site_moments(0.7);
  ASSERT_EQ(f.correlator.size(), 6u);
  EXPECT_DOUBLE_EQ(f.correlator[0], s.phi2);
  for (size_t t = 1; t < 6; ++t) EXPECT_EQ(f.correlator[t], 0.0);
  EXPECT_NEAR(f.log_z, 24.0 * s.log_z1, 1e-12 * std::abs(f.log_z));
}
