#include <gtest/gtest.h>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, ReadsValuesAndRecordsDefaults) {
  Config c = Config::from_string("seed = 3\n[target]\nkind = \"phi4\"\nshape = [4, 6]\nkappa = 0.25\n");
  EXPECT_EQ(c.top().get_int("seed", 1), 3);
  auto t = c.section("target");
  EXPECT_EQ(t.get_string("kind", ""), "phi4");
  EXPECT_EQ(t.get_int_list("shape", {}), (std::vector<int64_t>{4, 6}));
  EXPECT_DOUBLE_EQ(t.get_double("kappa", 0.0), 0.25);
  EXPECT_DOUBLE_EQ(t.get_double("lambda", 0.5), 0.5);  // default recorded
  c.check_all_used();
  const std::string resolved = c.resolved_toml();
  EXPECT_NE(resolved.find("lambda = 0.5"), std::string::npos) << resolved;
}

TEST(Config, UnknownKeyNamesKeyAndSuggestion) {
  Config c = Config::from_string("[target]\nkind = \"phi4\"\nkapa = 0.25\n");
  c.section("target").get_string("kind", "");
  c.section("target").get_double("kappa", 0.2);
  const std::string msg = error_of([&] { c.check_all_used(); });
  EXPECT_NE(msg.find("target.kapa"), std::string::npos) << msg;
  EXPECT_NE(msg.find("kappa"), std::string::npos) << msg;
}

TEST(Config, UnknownSectionIsAnError) {
  Config c = Config::from_string("[hcm]\nchains = 2\n");
  c.section("hmc").get_int("chains", 1);
  const std::string msg = error_of([&] { c.check_all_used(); });
  EXPECT_NE(msg.find("hcm"), std::string::npos) << msg;
  EXPECT_NE(msg.find("hmc"), std::string::npos) << msg;
}

TEST(Config, TypeMismatchNamesKeyAndValue) {
  Config c = Config::from_string("[hmc]\nchains = \"many\"\n");
  const std::string msg = error_of([&] { c.section("hmc").get_int("chains", 1); });
  EXPECT_NE(msg.find("hmc.chains"), std::string::npos) << msg;
  EXPECT_NE(msg.find("many"), std::string::npos) << msg;
}

TEST(Config, OverridesUseTomlSyntax) {
  Config c = Config::from_string("[target]\nkappa = 0.2\n");
  c.apply_override("target.kappa=0.3");
  c.apply_override("target.shape=[2,2]");
  c.apply_override("target.kind=ising");
  EXPECT_DOUBLE_EQ(c.section("target").get_double("kappa", 0), 0.3);
  EXPECT_EQ(c.section("target").get_int_list("shape", {}), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(c.section("target").get_string("kind", ""), "ising");
  EXPECT_FALSE(error_of([&] { c.apply_override("nonsense"); }).empty());
}

TEST(Config, UnreadableFileIsAUserError) {
  const std::string msg = error_of([] { Config::from_file("/nonexistent/run.toml"); });
  EXPECT_NE(msg.find("/nonexistent/run.toml"), std::string::npos) << msg;
}

TEST(Config, InvalidTomlIsAUserError) {
  EXPECT_FALSE(error_of([] { Config::from_string("[target\nkind = 1"); }).empty());
}

}  // namespace
}  // namespace bbg
