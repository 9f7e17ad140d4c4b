// Every model kind with nothing but `[model] kind = ...` given: the defaults
// (docs/defaults.md) must give an NIS ln Z within 4 standard errors of the exact
// value and an ESS/N above the stated level, on CI-sized problems: the 4x4 free
// field (phi4 at lambda = 0, kappa = 0.2; exact Gaussian ln Z) for the flows and
// the 4x4 Ising model at beta_c (Kaufman) for the autoregressive kinds. Seed 5,
// one thread. Measured when these defaults were chosen: ESS/N 0.99-1.00 for all
// four kinds, ln Z within 1.5 errors.
#include <gtest/gtest.h>

#include "../cli/cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct DefaultCase {
  std::string kind, target;
  double min_ess_per_sample;
};

std::string config_for(const DefaultCase& c) {
  const std::string target =
      c.target == "free_field"
          ? "[target]\nkind = \"phi4\"\nshape = [4, 4]\nkappa = 0.2\nlambda = 0.0\n"
          : "[target]\nkind = \"ising\"\nshape = [4, 4]\nbeta = 0.44068679350977147\n";
  return "seed = 5\nthreads = 1\n" + target + "[model]\nkind = \"" + c.kind + "\"\n";
}

class DefaultModel : public ::testing::TestWithParam<DefaultCase> {};

TEST_P(DefaultModel, OnlyTheKindGivenAgreesWithTheExactLnZ) {
  const DefaultCase& c = GetParam();
  const fs::path dir = bbg_test::fresh_dir("bbg_defaults", c.kind);
  fs::create_directories(dir);
  const fs::path config = dir / "config_in.toml";
  std::ofstream(config) << config_for(c);
  const fs::path out = dir / "run";
  ASSERT_EQ(bbg_test::run_cli({"train", config.string(), "--json", "--no-plots", "--out", out.string()},
                              dir / "log"),
            0)
      << bbg_test::slurp(dir.string() + "/log.err");
  const json j = json::parse(bbg_test::slurp(dir / "log"));
  EXPECT_TRUE(j["model"]["architecture"]["z2"].get<bool>()) << "Z2-symmetric target, so z2 is on by default";
  const double exact = j["exact"]["log_z"].get<double>();
  const double value = j["nis"]["log_z"]["value"].get<double>(), error = j["nis"]["log_z"]["error"].get<double>();
  EXPECT_LT(std::abs(value - exact), 4 * error) << c.kind << ": ln Z " << value << " +- " << error << " vs " << exact;
  EXPECT_GT(j["nis"]["ess_per_sample"].get<double>(), c.min_ess_per_sample) << c.kind;
  EXPECT_TRUE(j["reliability"]["flags"].empty()) << j["reliability"].dump(1);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(EveryKind, DefaultModel,
                         ::testing::Values(DefaultCase{"affine_flow", "free_field", 0.9},
                                           DefaultCase{"additive_flow", "free_field", 0.9},
                                           DefaultCase{"made", "ising", 0.9},
                                           DefaultCase{"pixelcnn", "ising", 0.9}),
                         [](const auto& info) { return info.param.kind; });

}  // namespace
