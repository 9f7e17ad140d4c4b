// Bad [target] input: each error names the key, the value and what is allowed.
#include <gtest/gtest.h>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/targets/registry.hpp"

namespace bbg {
namespace {

std::string target_error(const std::string& body) {
  try {
    Config c = Config::from_string("[target]\n" + body);
    make_target(c.section("target"));
    c.check_all_used();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

void expect_mentions(const std::string& msg, std::initializer_list<const char*> parts) {
  ASSERT_FALSE(msg.empty()) << "no error raised";
  for (const char* p : parts) EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' missing in: " << msg;
}

TEST(TargetErrors, UnknownKindSuggestsClosest) {
  expect_mentions(target_error("kind = \"isign\"\n"), {"target.kind", "isign", "ising", "phi4"});
}
TEST(TargetErrors, NonPositiveLatticeSize) {
  expect_mentions(target_error("kind = \"phi4\"\nshape = [8, 0]\n"), {"target.shape", "0"});
  expect_mentions(target_error("kind = \"ising\"\nshape = [-4, 4]\n"), {"target.shape", "-4"});
}
TEST(TargetErrors, NegativeLambda) {
  expect_mentions(target_error("kind = \"phi4\"\nlambda = -0.1\n"), {"target.lambda", "-0.1", ">= 0"});
}
TEST(TargetErrors, FreeFieldKappaOutsideNormalizableRange) {
  expect_mentions(target_error("kind = \"phi4\"\nshape = [8, 8]\nlambda = 0.0\nkappa = 0.3\n"),
                  {"target.kappa", "0.3", "0.25"});
}
TEST(TargetErrors, UnknownKeySuggestsClosest) {
  expect_mentions(target_error("kind = \"phi4\"\nlamda = 0.1\n"), {"target.lamda", "lambda"});
}
TEST(TargetErrors, MixtureShapesMustAgree) {
  expect_mentions(target_error("kind = \"gaussian_mixture\"\ncenters = [[0.0, 1.0], [1.0]]\n"), {"target.centers"});
  expect_mentions(target_error("kind = \"gaussian_mixture\"\ncenters = [[0.0], [1.0]]\nsigmas = [1.0]\n"),
                  {"target.sigmas"});
}

}  // namespace
}  // namespace bbg
