// The command line built from the command registry: `bbg --help` lists every
// registered command, an unknown command is bad input (exit 2), and `bbg sample`
// finds the run's reference samples from the run's own data (its config.toml and
// the "sampler" attribute of the reference file), for Wolff, HMC and no reference.
#include <gtest/gtest.h>

#include "bbg/jobs/command_registry.hpp"
#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using bbg_test::run_cli;
using bbg_test::slurp;

fs::path fresh_dir(const std::string& name) { return bbg_test::fresh_dir("bbg_cmdcli", name); }

const std::string kSource = BBG_SOURCE_DIR;

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& extra) {
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// `bbg sample DIR -n 500 --json`: the estimates (stdout) and the table (stderr).
json sample(const fs::path& dir, std::string* table) {
  const fs::path log = dir.string() + ".sample";
  EXPECT_EQ(run_cli({"sample", dir.string(), "-n", "500", "--json"}, log), 0) << slurp(log.string() + ".err");
  *table = slurp(log.string() + ".err");
  return json::parse(slurp(log));
}

TEST(CommandsCli, HelpListsEveryRegisteredCommand) {
  const fs::path log = fresh_dir("help");
  ASSERT_EQ(run_cli({"--help"}, log), 0);
  const std::string help = slurp(log);
  for (const auto& c : bbg::command_registry())
    EXPECT_NE(help.find("\n  " + c.name + " "), std::string::npos) << c.name << "\n" << help;
  fs::remove(log);
  fs::remove(log.string() + ".err");
}

TEST(CommandsCli, AnUnknownOrMissingCommandIsBadInput) {
  const fs::path log = fresh_dir("unknown");
  EXPECT_EQ(run_cli({"frobnicate"}, log), 2);
  EXPECT_EQ(run_cli({}, log), 2);
  EXPECT_EQ(run_cli({"runn", "--json"}, log), 2);
  fs::remove(log);
  fs::remove(log.string() + ".err");
}

TEST(CommandsCli, SampleOnAWolffRunUsesItsWolffChains) {
  const fs::path out = fresh_dir("wolff");
  const std::vector<std::string> run = {
      "run", kSource + "/configs/ising_van.toml", "--json", "--no-plots", "--threads", "1", "--out", out.string(),
      "--set", "target.shape=[4,4]", "--set", "mcmc.samples=200", "--set", "mcmc.warmup=50", "--set",
      "train.steps=40", "--set", "train.anneal_steps=20", "--set", "train.log_every=20", "--set",
      "sample.samples=1000", "--set", "model.hidden=[8]"};
  ASSERT_EQ(run_cli(run, out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  std::string table;
  const json s = sample(out, &table);
  EXPECT_EQ(s["mode_dropping"]["reference_chains"], "all 8 chains of mcmc.h5");
  EXPECT_EQ(s["mcmc"]["algorithm"], "wolff");
  EXPECT_FALSE(s.contains("hmc"));
  EXPECT_NE(table.find("wolff (tau_int)"), std::string::npos) << table;

  // a config.toml that names another sampler than the one that wrote mcmc.h5 is refused
  std::string config = slurp(out / "config.toml");
  const std::string wolff = "algorithm = \"wolff\"";
  ASSERT_NE(config.find(wolff), std::string::npos) << config;
  config.replace(config.find(wolff), wolff.size(), "algorithm = \"metropolis\"");
  for (const std::string wolff_only : {"clusters_per_sweep"}) {
    const auto at = config.find(wolff_only);
    if (at != std::string::npos) config.erase(at, config.find('\n', at) + 1 - at);
  }
  std::ofstream(out / "config.toml") << config;
  const fs::path bad = out.string() + ".bad";
  EXPECT_EQ(run_cli({"sample", out.string(), "-n", "500"}, bad), 2);
  EXPECT_NE(slurp(bad.string() + ".err").find("written by the sampler \"wolff\""), std::string::npos)
      << slurp(bad.string() + ".err");
  fs::remove_all(out);
}

TEST(CommandsCli, SampleOnAnHmcRunUsesItsHmcChains) {
  const fs::path out = fresh_dir("hmc");
  const std::vector<std::string> run = {
      "run", "--json", "--no-plots", "--threads", "1", "--out", out.string(), "--set", "target.shape=[4,4]",
      "--set", "hmc.samples=200", "--set", "hmc.warmup=50", "--set", "free_energy.enabled=false", "--set",
      "train.steps=40", "--set", "train.batch=64", "--set", "sample.samples=1000", "--set", "model.layers=2",
      "--set", "model.hidden=[8]"};
  ASSERT_EQ(run_cli(run, out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  std::string table;
  const json s = sample(out, &table);
  EXPECT_EQ(s["mode_dropping"]["reference_chains"], "all 8 chains of hmc.h5");
  EXPECT_TRUE(s["hmc"].is_object());
  EXPECT_FALSE(s.contains("mcmc"));
  EXPECT_NE(table.find("HMC (tau_int)"), std::string::npos) << table;
  fs::remove_all(out);
}

TEST(CommandsCli, SampleOnATrainRunHasNoReference) {
  const fs::path out = fresh_dir("train");
  const std::vector<std::string> run = {
      "train", "--json", "--no-plots", "--threads", "1", "--out", out.string(), "--set", "target.shape=[4,4]",
      "--set", "train.steps=40", "--set", "train.batch=64", "--set", "sample.samples=1000", "--set",
      "model.layers=2", "--set", "model.hidden=[8]"};
  ASSERT_EQ(run_cli(run, out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  EXPECT_FALSE(fs::exists(out / "hmc.h5"));
  std::string table;
  const json s = sample(out, &table);
  EXPECT_FALSE(s.contains("mode_dropping"));
  EXPECT_FALSE(s.contains("hmc"));
  EXPECT_EQ(s["nis"]["samples"].get<int64_t>(), 500);
  fs::remove_all(out);
}

}  // namespace
