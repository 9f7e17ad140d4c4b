// The run's own diagnostics turn into warnings and marked table columns
// (estimate/reliability.hpp): runs that must trigger each warning, and a healthy
// run that must trigger none. Also the readable-output checks of `bbg targets`
// and of kappa integration.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using bbg_test::slurp;

fs::path fresh_dir(const std::string& name) { return bbg_test::fresh_dir("bbg_reliability", name); }

std::vector<std::string> codes(const json& j) {
  std::vector<std::string> out;
  for (const auto& f : j["reliability"]["flags"]) out.push_back(f["code"].get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

json run_json(const std::vector<std::string>& args, const fs::path& out, std::string* table = nullptr) {
  std::vector<std::string> a = {"run", "--json", "--no-plots", "--threads", "1", "--force", "--out", out.string()};
  a.insert(a.end(), args.begin(), args.end());
  EXPECT_EQ(bbg_test::run_cli(a, out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  if (table) *table = slurp(out.string() + ".log.err");
  return json::parse(slurp(out.string() + ".log"));
}

// Broken phase, flow without Z2 symmetry: it learns one of the two vacua, and
// w_bar ~ 1/2 (docs/flows.md, "Mode dropping in the broken phase").
TEST(ReliabilityCli, DroppedVacuumIsWarnedAndMarked) {
  const fs::path out = fresh_dir("broken");
  std::string table;
  const json j = run_json({std::string(BBG_SOURCE_DIR) + "/configs/phi4_broken.toml", "--set", "model.z2=false", "--set",
                           "free_energy.enabled=false", "--set", "train.steps=500", "--set", "sample.samples=20000"},
                          out, &table);
  const auto c = codes(j);
  ASSERT_TRUE(has(c, "mode_dropping_low")) << j["reliability"].dump(1);
  EXPECT_NE(j["warnings"].dump().find("short by about -ln w_bar"), std::string::npos) << j["warnings"];
  EXPECT_NE(line_starting(table, "ln Z").find("[!]"), std::string::npos) << table;
  EXPECT_NE(table.find("model NIS [!]"), std::string::npos) << table;
  EXPECT_NE(table.find("warning: mode dropping"), std::string::npos) << table;
  fs::remove_all(out);
}

// Forward KL on 120 configurations with no holdout: q is far too high on its
// training data, so w_bar >> 1 on that reference, the NIS ESS is tiny and the
// NMCMC chain sticks.
TEST(ReliabilityCli, OverfittedModelTriggersReferenceAndChainWarnings) {
  const fs::path out = fresh_dir("overfit");
  const json j = run_json({"--set", "target.shape=[4,4]", "--set", "hmc.chains=2", "--set", "hmc.samples=60", "--set",
                           "hmc.warmup=100", "--set", "free_energy.enabled=false", "--set", "train.objective=forward_kl",
                           "--set", "train.holdout=0", "--set", "train.steps=1500", "--set", "train.batch=60", "--set",
                           "sample.samples=20000", "--set", "model.hidden=[128]"},
                          out);
  const auto c = codes(j);
  for (const char* code : {"mode_dropping_high", "nis_ess", "forward_ess", "nmcmc"})
    EXPECT_TRUE(has(c, code)) << code << " missing from " << j["reliability"].dump(1);
  EXPECT_FALSE(has(c, "mode_dropping_low"));
  EXPECT_NE(j["warnings"].dump().find("train.holdout"), std::string::npos) << j["warnings"];
  fs::remove_all(out);
}

// The free field on 4x4 with the built-in flow: q ~ p, so no check may fire.
TEST(ReliabilityCli, HealthyRunHasNoWarning) {
  const fs::path out = fresh_dir("healthy");
  std::string table;
  const json j = run_json({"--set", "target.shape=[4,4]", "--set", "target.lambda=0.0", "--set", "hmc.samples=1000",
                           "--set", "free_energy.enabled=false", "--set", "train.steps=300", "--set",
                           "sample.samples=20000"},
                          out, &table);
  EXPECT_TRUE(j["reliability"]["flags"].empty()) << j["reliability"].dump(1);
  EXPECT_FALSE(j.contains("warnings")) << j["warnings"];
  EXPECT_EQ(table.find("[!]"), std::string::npos) << table;
  fs::remove_all(out);
}

TEST(OutputCli, TargetsIndentEveryExampleLine) {
  const fs::path out = fresh_dir("targets");
  ASSERT_EQ(bbg_test::run_cli({"targets"}, out.string() + ".log"), 0);
  std::istringstream in(slurp(out.string() + ".log"));
  int examples = 0;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "  [target]") {
      inside = true;
      ++examples;
      continue;
    }
    if (line.empty()) inside = false;
    if (inside) EXPECT_EQ(line.rfind("  ", 0), 0u) << "not indented: " << line;
    if (!inside && !line.empty()) EXPECT_NE(line.find(": "), std::string::npos) << "stray line: " << line;
  }
  EXPECT_GE(examples, 4);
}

// Progress goes to stderr; with 8 kappa points the integration prints one line,
// not the warm-up and sampling lines of each point's HMC.
TEST(OutputCli, KappaIntegrationPrintsOneProgressLine) {
  const fs::path out = fresh_dir("kappa");
  ASSERT_EQ(bbg_test::run_cli({"hmc", "--no-plots", "--force", "--out", out.string(), "--set", "hmc.samples=200",
                               "--set", "free_energy.samples=100"},
                              out.string() + ".log"),
            0);
  const std::string err = slurp(out.string() + ".log.err");
  int kappa_lines = 0, warmup_lines = 0;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    kappa_lines += line.rfind("kappa integration:", 0) == 0;
    warmup_lines += line.rfind("hmc warm-up:", 0) == 0;
  }
  EXPECT_EQ(kappa_lines, 1) << err;
  EXPECT_EQ(warmup_lines, 1) << err;  // the main HMC run's own
  fs::remove_all(out);
}

}  // namespace
