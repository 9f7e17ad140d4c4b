// action_is_even: the Z2 symmetry that makes models symmetric by default.
#include "bbg/targets/symmetry.hpp"

#include <gtest/gtest.h>

#include "bbg/core/config.hpp"
#include "bbg/targets/registry.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {
namespace {

bool even(const std::string& body) {
  Config c = Config::from_string("[target]\n" + body);
  return action_is_even(*make_target(c.section("target")));
}

TEST(Symmetry, Phi4IsEven) { EXPECT_TRUE(even("kind = \"phi4\"\nshape = [4, 4]\nkappa = 0.3\nlambda = 0.02\n")); }

TEST(Symmetry, IsingIsEvenOnlyWithoutField) {
  EXPECT_TRUE(even("kind = \"ising\"\nshape = [4, 4]\nbeta = 0.4\nh = 0.0\n"));
  EXPECT_FALSE(even("kind = \"ising\"\nshape = [4, 4]\nbeta = 0.4\nh = 0.1\n"));
}

TEST(Symmetry, SymmetricDoubleWellIsEven) {
  EXPECT_TRUE(even("kind = \"double_well\"\nshape = [16]\nbeta = 2.0\n"));
}

TEST(Symmetry, GaussianMixtureIsEvenOnlyWhenMirrored) {
  EXPECT_TRUE(even("kind = \"gaussian_mixture\"\ncenters = [[-1.0, 0.0], [1.0, 0.0]]\nsigmas = [0.6, 0.6]\n"
                   "weights = [1.0, 1.0]\n"));
  EXPECT_FALSE(even("kind = \"gaussian_mixture\"\ncenters = [[-1.0, 0.0], [1.0, 0.0]]\nsigmas = [0.6, 0.6]\n"
                    "weights = [1.0, 3.0]\n"));
}

}  // namespace
}  // namespace bbg
