// The [bayes] section (bayes/posterior_settings.hpp): defaults, lists of samplers,
// and errors that name the key, the value and what is allowed.
#include <gtest/gtest.h>

#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {
namespace {

bayes::PosteriorSettings read(const std::string& toml) {
  Config c = Config::from_string(toml);
  auto s = bayes::read_posterior_settings(c.section("bayes"));
  c.check_all_used();
  return s;
}

std::string error_of(const std::string& toml) {
  try {
    read(toml);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(BayesPosteriorSettings, DefaultsAndLists) {
  const auto d = read("[bayes]\n");
  EXPECT_EQ(d.samplers, std::vector<std::string>{"nuts"});
  EXPECT_EQ(d.chains, 4);
  const auto l = read("[bayes]\nsampler = [\"sgld\", \"nuts\"]\nsgld_step_size = 1e-5\nschedule = \"cyclical\"\n");
  EXPECT_EQ(l.samplers, (std::vector<std::string>{"sgld", "nuts"}));
  EXPECT_DOUBLE_EQ(l.sgld_step_size, 1e-5);
  EXPECT_EQ(l.schedule, "cyclical");
  EXPECT_EQ(read("[bayes]\nsampler = \"hmc\"\n").samplers, std::vector<std::string>{"hmc"});
  EXPECT_TRUE(bayes::uses_minibatches("sgld"));
  EXPECT_FALSE(bayes::uses_minibatches("nuts"));
}

TEST(BayesPosteriorSettings, ErrorsNameTheKeyTheValueAndWhatIsAllowed) {
  EXPECT_NE(error_of("[bayes]\nsampler = \"nutz\"\n").find("bayes.sampler = \"nutz\": must name samplers among"),
            std::string::npos);
  EXPECT_NE(error_of("[bayes]\nsampler = \"nutz\"\n").find("did you mean \"nuts\""), std::string::npos);
  EXPECT_NE(error_of("[bayes]\nsampler = [\"hmc\", \"hmc\"]\n").find("each sampler may be named once"),
            std::string::npos);
  EXPECT_NE(error_of("[bayes]\nchains = 0\n").find("bayes.chains = 0: must be >= 1"), std::string::npos);
  EXPECT_NE(error_of("[bayes]\ntemperature = -1.0\n").find("bayes.temperature = -1"), std::string::npos);
  // A key of a sampler that is not selected is never silently unused: it is reported.
  const auto unused = read("[bayes]\nsampler = \"nuts\"\nsghmc_friction = 0.2\ncycles = 3\n").unused_keys;
  ASSERT_EQ(unused.size(), 2u);
  EXPECT_EQ(unused[0].find("bayes.cycles is set but not used: only sgld, psgld, sghmc read it"), 0u) << unused[0];
  EXPECT_EQ(unused[1].find("bayes.sghmc_friction is set but not used: only sghmc read it"), 0u) << unused[1];
  EXPECT_EQ(read("[bayes]\nsampler = \"sgld\"\ncycles = 3\n").unused_keys.at(0),
            "bayes.cycles is set but not used: it is read only with bayes.schedule = \"cyclical\", not \"constant\"");
  EXPECT_NE(error_of("[bayes]\nsampler = \"sgld\"\nschedule = \"linear\"\n")
                .find("bayes.schedule = \"linear\": allowed: constant, polynomial, cyclical"),
            std::string::npos);
  EXPECT_NE(error_of("[bayes]\nsampler = 3\n").find("must be a string or a list of strings"), std::string::npos);
  EXPECT_NE(error_of("[bayes]\nsampler = \"sghmc\"\nsghmc_friction = 1.5\n").find("must be in (0, 1)"),
            std::string::npos);
}

}  // namespace
}  // namespace bbg
