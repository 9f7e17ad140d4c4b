#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "bbg/exact/free_field.hpp"

using namespace bbg::exact;

namespace {

struct Dense {
  double log_z, m2;
  std::vector<double> correlator;
};

// Direct computation from A with S = (1/2) phi^T A phi, built bond by bond.
Dense dense(const std::vector<int64_t>& shape, double kappa) {
  const int d = static_cast<int>(shape.size());
  int64_t V = 1;
  for (auto L : shape) V *= L;
  std::vector<int64_t> stride(d, 1);
  for (int mu = d - 2; mu >= 0; --mu) stride[mu] = stride[mu + 1] * shape[mu + 1];
  std::vector<double> A(V * V, 0.0);
  for (int64_t x = 0; x < V; ++x) {
    A[x * V + x] += 2.0;  // phi^2 = (1/2) 2 phi^2
    for (int mu = 0; mu < d; ++mu) {
      const int64_t c = (x / stride[mu]) % shape[mu];
      const int64_t y = x + (((c + 1) % shape[mu]) - c) * stride[mu];
      // -2 kappa phi_x phi_y = (1/2)(A_xy + A_yx) phi_x phi_y  (x == y: diagonal -4 kappa)
      A[x * V + y] += -2.0 * kappa;
      A[y * V + x] += -2.0 * kappa;
    }
  }
  // Cholesky A = L L^T.
  std::vector<double> Lc(V * V, 0.0);
  for (int64_t i = 0; i < V; ++i)
    for (int64_t j = 0; j <= i; ++j) {
      double s = A[i * V + j];
      for (int64_t k = 0; k < j; ++k) s -= Lc[i * V + k] * Lc[j * V + k];
      if (i == j) {
        EXPECT_GT(s, 0.0);
        Lc[i * V + i] = std::sqrt(s);
      } else {
        Lc[i * V + j] = s / Lc[j * V + j];
      }
    }
  double logdet = 0;
  for (int64_t i = 0; i < V; ++i) logdet += 2.0 * std::log(Lc[i * V + i]);
  // Covariance C = A^{-1}, column by column.
  std::vector<double> C(V * V);
  for (int64_t col = 0; col < V; ++col) {
    std::vector<double> y(V), x(V);
    for (int64_t i = 0; i < V; ++i) {
      double s = (i == col) ? 1.0 : 0.0;
      for (int64_t k = 0; k < i; ++k) s -= Lc[i * V + k] * y[k];
      y[i] = s / Lc[i * V + i];
    }
    for (int64_t i = V - 1; i >= 0; --i) {
      double s = y[i];
      for (int64_t k = i + 1; k < V; ++k) s -= Lc[k * V + i] * x[k];
      x[i] = s / Lc[i * V + i];
    }
    for (int64_t i = 0; i < V; ++i) C[i * V + col] = x[i];
  }
  Dense r;
  r.log_z = 0.5 * V * std::log(2.0 * M_PI) - 0.5 * logdet;
  double sum = 0;
  for (double c : C) sum += c;
  r.m2 = sum / (double(V) * double(V));
  const int64_t T = shape[0], Vs = V / T;
  r.correlator.assign(T, 0.0);
  for (int64_t t = 0; t < T; ++t) {
    double g = 0;
    for (int64_t t0 = 0; t0 < T; ++t0)
      for (int64_t xs = 0; xs < Vs; ++xs)
        for (int64_t ys = 0; ys < Vs; ++ys) g += C[(t0 * Vs + xs) * V + ((t0 + t) % T) * Vs + ys];
    r.correlator[t] = g / double(V);  // <C(t)> with C(t) = (1/V) sum_t0 Phi(t0) Phi(t0+t); <m> = 0
  }
  return r;
}

}  // namespace

TEST(FreeField, MatchesDenseComputation) {
  struct Case {
    std::vector<int64_t> shape;
    double kappa;
  };
  const std::vector<Case> cases = {{{4, 4}, 0.2},  {{4, 4}, -0.2}, {{3, 5}, 0.12}, {{5, 3}, 0.24},
                                   {{6}, 0.45},    {{6}, -0.3},    {{2, 3, 2}, 0.1}, {{1, 4}, 0.1},
                                   {{8, 2}, 0.15}, {{4, 4}, 0.0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << "dims=" << c.shape.size() << " L0=" << c.shape[0] << " kappa=" << c.kappa);
    const auto f = free_field(c.shape, c.kappa);
    const auto d = dense(c.shape, c.kappa);
    EXPECT_NEAR(f.log_z, d.log_z, 1e-12 * std::abs(d.log_z));
    ASSERT_TRUE(f.m2.has_value());
    EXPECT_NEAR(*f.m2, d.m2, 1e-12 * d.m2);
    ASSERT_EQ(f.correlator.size(), d.correlator.size());
    for (size_t t = 0; t < d.correlator.size(); ++t) EXPECT_NEAR(f.correlator[t], d.correlator[t], 1e-12 * d.correlator[0]);
    // Gaussian relations.
    EXPECT_DOUBLE_EQ(*f.m, 0.0);
    EXPECT_NEAR(*f.abs_m, std::sqrt(2.0 * d.m2 / M_PI), 1e-12 * *f.abs_m);
    EXPECT_NEAR(*f.m4, 3.0 * d.m2 * d.m2, 1e-12 * *f.m4);
    EXPECT_DOUBLE_EQ(*f.binder, 0.0);
    double V = 1;
    for (auto L : c.shape) V *= double(L);
    EXPECT_NEAR(*f.chi, V * (1.0 - 2.0 / M_PI) * *f.m2, 1e-12 * *f.chi);
    EXPECT_DOUBLE_EQ(*f.action_density, 0.5);
  }
}

TEST(FreeField, ThrowsOutsideTheKappaRange) {
  // 4x4: a_k = 2(1 - 2 kappa sum cos), sum cos in [-2, 2] -> kappa in (-1/4, 1/4).
  EXPECT_NO_THROW(free_field({4, 4}, 0.2499));
  EXPECT_THROW(free_field({4, 4}, 0.25), std::invalid_argument);
  EXPECT_THROW(free_field({4, 4}, 0.3), std::invalid_argument);
  EXPECT_THROW(free_field({4, 4}, -0.26), std::invalid_argument);
  // odd extent: min cos = -cos(pi/3) = -1/2 on L = 3 -> lower bound 1/(2 (-1/2 - 1/2)) = -1/2 on 3x3.
  EXPECT_NO_THROW(free_field({3, 3}, -0.45));
  EXPECT_THROW(free_field({3, 3}, -0.55), std::invalid_argument);
  try {
    free_field({4, 4}, 0.3);
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kappa"), std::string::npos) << msg;
    EXPECT_NE(msg.find("0.25"), std::string::npos) << msg;
  }
}
