#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "bbg/exact/quadrature.hpp"

using namespace bbg::exact::detail;

TEST(Quadrature, GaussKronrodKnownIntegrals) {
  EXPECT_NEAR(integrate([](double x) { return std::exp(-x * x); }, -10, 10).value, std::sqrt(M_PI), 1e-14);
  EXPECT_NEAR(integrate([](double x) { return std::sqrt(x); }, 0, 1, 1e-13).value, 2.0 / 3.0, 1e-13);
  EXPECT_NEAR(integrate([](double x) { return 1.0 / (1.0 + x * x); }, 0, 1).value, M_PI / 4, 1e-15);
  // single K15 panel is exact for degree <= 22 (Kronrod 3n+1 = 22 for n = 7)
  EXPECT_NEAR(integrate([](double x) { return std::pow(x, 20); }, -1, 1, 1.0, 1.0).value, 2.0 / 21.0, 1e-15);
}

TEST(Quadrature, GaussLegendreNodes) {
  for (int n : {1, 2, 5, 20, 101, 800}) {
    std::vector<double> x, w;
    gauss_legendre(n, x, w);
    double sw = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      sw += w[i];
      s2 += w[i] * x[i] * x[i];
      if (i > 0) {
        EXPECT_LT(x[i - 1], x[i]);
      }
    }
    EXPECT_NEAR(sw, 2.0, 1e-13) << n;
    if (n >= 2) {
      EXPECT_NEAR(s2, 2.0 / 3.0, 1e-13) << n;
    }
    if (n >= 20) {
      double se = 0;
      for (int i = 0; i < n; ++i) se += w[i] * std::exp(x[i]);
      EXPECT_NEAR(se, std::exp(1.0) - std::exp(-1.0), 1e-13) << n;
    }
  }
}
