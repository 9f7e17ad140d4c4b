#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/lattice.hpp"
#include "bbg/core/rng.hpp"

namespace bbg {
namespace {

TEST(Rng, StreamsAreReproducibleAndDistinct) {
  Rng a(7, 0), b(7, 0), c(7, 1);
  for (int i = 0; i < 10; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
}

TEST(Rng, NormalHasUnitVariance) {
  // 2e5 draws: the sample variance has standard error sqrt(2/N) = 0.0032; allow 4 sigma.
  Rng r(3, 0);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    s += x, s2 += x * x;
  }
  EXPECT_NEAR(s / n, 0.0, 4.0 / std::sqrt(n));
  EXPECT_NEAR(s2 / n, 1.0, 4.0 * std::sqrt(2.0 / n));
}

TEST(Rng, SnapshotRestoresTheExactSequence) {
  Rng r(11, 2);
  r.normal();
  const auto snap = r.snapshot();
  const double x1 = r.normal(), x2 = r.normal();
  r.restore(snap);
  EXPECT_EQ(r.normal(), x1);
  EXPECT_EQ(r.normal(), x2);
}

TEST(Lattice, NeighboursArePeriodicRowMajor) {
  Lattice l({3, 4});
  EXPECT_EQ(l.volume(), 12);
  // site (2, 3) = 11: forward along axis 0 wraps to (0, 3) = 3, along axis 1 to (2, 0) = 8
  EXPECT_EQ(l.forward(11, 0), 3);
  EXPECT_EQ(l.forward(11, 1), 8);
  EXPECT_EQ(l.backward(0, 0), 8);
  EXPECT_EQ(l.backward(0, 1), 3);
  EXPECT_FALSE(l.bipartite());
  EXPECT_TRUE(Lattice({4, 6}).bipartite());
  for (int64_t i = 0; i < l.volume(); ++i)
    for (int64_t a = 0; a < 2; ++a) EXPECT_EQ(l.backward(l.forward(i, a), a), i);
}

}  // namespace
}  // namespace bbg
