// Potential's defaults: kick = p - eps dU/dq from gradient(), refresh draws
// nothing, estimate_difference is the exact difference with variance 0.
#include <gtest/gtest.h>

#include "bbg/core/rng.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

TEST(Potential, DefaultKickRefreshAndDifference) {
  const sampler_test::AnharmonicPotential u;
  const std::vector<double> q = {0.3, -1.2, 0.8}, q2 = {0.1, 0.4, -0.5};
  std::vector<double> g(3), p = {1.0, 2.0, 3.0}, scratch(3);
  u.gradient(q.data(), g.data());
  u.kick(q.data(), p.data(), 0.25, scratch.data());
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(p[i], 1.0 + i - 0.25 * g[i]);

  Rng a(9, 0), b(9, 0);
  u.refresh(a);
  EXPECT_EQ(a.next(), b.next());  // a deterministic potential draws nothing

  const EnergyDifference d = u.estimate_difference(q.data(), q2.data());
  EXPECT_DOUBLE_EQ(d.delta, u.value(q2.data()) - u.value(q.data()));
  EXPECT_EQ(d.variance, 0.0);
}

}  // namespace
}  // namespace bbg
