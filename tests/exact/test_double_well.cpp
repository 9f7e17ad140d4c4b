#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "bbg/exact/double_well.hpp"
#include "bbg/exact/quadrature.hpp"

using namespace bbg::exact;

namespace {

struct Params {
  double beta, mass, lambda, eta;
  double V(double x) const { return lambda * (x * x - eta * eta) * (x * x - eta * eta); }
};

}  // namespace

// N = 2: S = mass (x1 - x0)^2 / a + a (V(x0) + V(x1)), a = beta / 2.
TEST(DoubleWell, TwoSlicesAgainstDirectIntegration) {
  const Params p{1.0, 1.0, 1.0, 1.0};
  const double a = p.beta / 2.0;
  auto weight = [&](double x0, double x1) {
    const double d = x1 - x0;
    return std::exp(-p.mass * d * d / a - a * (p.V(x0) + p.V(x1)));
  };
  // ln Z and <x0^2> on a uniform grid (trapezoid on the whole plane).
  const double X = 6.0, h = 0.01;
  const int n = static_cast<int>(std::lround(2 * X / h));
  double z = 0, zx = 0;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const double x0 = -X + h * i, x1 = -X + h * j, w = weight(x0, x1);
      z += w;
      zx += w * x0 * x0;
    }
  const auto r = double_well_transfer_matrix(2, p.beta, p.mass, p.lambda, p.eta);
  EXPECT_NEAR(r.log_z, std::log(z * h * h), 1e-10);
  EXPECT_NEAR(r.x2, zx / z, 1e-10 * (zx / z));
  // Tunnelling = P(x0 x1 < 0) = 2 int_{x0 > 0} int_{x1 < 0} / Z by nested adaptive quadrature.
  auto inner = [&](double x0, double lo, double hi) {
    return detail::integrate([&](double x1) { return weight(x0, x1); }, lo, hi, 1e-14).value;
  };
  const double zq = 2.0 * detail::integrate([&](double x0) { return inner(x0, -X, X); }, 0.0, X, 1e-14).value;
  const double zmixed = detail::integrate([&](double x0) { return inner(x0, -X, 0.0); }, 0.0, X, 1e-14).value;
  EXPECT_NEAR(std::log(zq), std::log(z * h * h), 1e-11);
  EXPECT_NEAR(r.tunnelling, 2.0 * zmixed / zq, 1e-11);
  EXPECT_GT(r.tunnelling, 0.0);
  EXPECT_LT(r.tunnelling, 1.0);
}

// N = 3 by a direct sum over a 3D grid.
TEST(DoubleWell, ThreeSlicesAgainstDirectIntegration) {
  const Params p{1.5, 1.0, 0.7, 1.2};
  const double a = p.beta / 3.0;
  const double X = 4.5, h = 0.05;
  const int n = static_cast<int>(std::lround(2 * X / h));
  std::vector<double> x(n + 1), pot(n + 1), kin(n + 1);
  for (int i = 0; i <= n; ++i) {
    x[i] = -X + h * i;
    pot[i] = std::exp(-a * p.V(x[i]));
  }
  auto k = [&](int i, int j) {
    const double d = x[i] - x[j];
    return std::exp(-p.mass * d * d / (2.0 * a));
  };
  std::vector<double> K((n + 1) * (n + 1));
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) K[i * (n + 1) + j] = k(i, j);
  double z = 0, zx = 0;
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= n; ++j) {
      const double wij = pot[i] * pot[j] * K[i * (n + 1) + j];
      for (int l = 0; l <= n; ++l) {
        const double w = wij * pot[l] * K[j * (n + 1) + l] * K[l * (n + 1) + i];
        z += w;
        zx += w * x[i] * x[i];
      }
    }
  const auto r = double_well_transfer_matrix(3, p.beta, p.mass, p.lambda, p.eta);
  EXPECT_NEAR(r.log_z, std::log(z * h * h * h), 1e-10);
  EXPECT_NEAR(r.x2, zx / z, 1e-10 * (zx / z));
}

TEST(DoubleWell, AutomaticGridIsConverged) {
  for (auto [N, beta] : std::vector<std::pair<int64_t, double>>{{16, 4.0}, {64, 10.0}, {1, 0.5}}) {
    SCOPED_TRACE(::testing::Message() << "N=" << N << " beta=" << beta);
    const auto r = double_well_transfer_matrix(N, beta, 1.0, 1.0, 1.0);
    EXPECT_NE(r.method.find("converged"), std::string::npos) << r.method;
    EXPECT_EQ(r.method.find("NOT"), std::string::npos) << r.method;
    EXPECT_GE(r.grid_points, 400);
    EXPECT_GT(r.grid_half_width, 1.0);
    // a finer fixed grid on the same interval agrees
    const auto f = double_well_transfer_matrix(N, beta, 1.0, 1.0, 1.0, 2 * r.grid_points);
    EXPECT_NEAR(f.log_z, r.log_z, 1e-10 * std::max(1.0, std::abs(r.log_z)));
    EXPECT_NEAR(f.x2, r.x2, 1e-10 * r.x2);
    EXPECT_NEAR(f.tunnelling, r.tunnelling, 1e-11);
    EXPECT_DOUBLE_EQ(f.grid_half_width, r.grid_half_width);
  }
}

TEST(DoubleWell, TunnellingDecreasesWithBarrier) {
  double previous = 1.0;
  for (double eta : {0.5, 1.0, 1.5, 2.0}) {
    const auto r = double_well_transfer_matrix(20, 10.0, 1.0, 1.0, eta);
    SCOPED_TRACE(::testing::Message() << "eta=" << eta << " t=" << r.tunnelling);
    EXPECT_GT(r.tunnelling, 0.0);
    EXPECT_LT(r.tunnelling, 1.0);
    EXPECT_LT(r.tunnelling, previous);
    previous = r.tunnelling;
    // deep wells: <x^2> close to eta^2
    if (eta >= 1.5) {
      EXPECT_NEAR(r.x2, eta * eta, 0.1 * eta * eta);
    }
  }
}

TEST(DoubleWell, RejectsBadArguments) {
  EXPECT_THROW(double_well_transfer_matrix(0, 1.0, 1.0, 1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(double_well_transfer_matrix(4, 1.0, 1.0, 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(double_well_transfer_matrix(4, 1.0, -1.0, 1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(double_well_transfer_matrix(4, 1.0, 1.0, 1.0, 1.0, 101), std::invalid_argument);
}
