// The command registry: every command once, with help and options; the plans
// of the run-type commands; and what prepare_run sets up for each plan (the
// reference samples as data, the default run directory, the sample set-up).
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "bbg/core/errors.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/jobs/command_registry.hpp"
#include "bbg/jobs/run_setup.hpp"
#include "bbg/targets/target.hpp"

namespace {

namespace fs = std::filesystem;

const bbg::CommandEntry& entry(const std::string& name) {
  for (const auto& c : bbg::command_registry())
    if (c.name == name) return c;
  throw std::runtime_error("no command " + name);
}

// prepare_run sets the thread count of the process: put it back after each test.
class RunSetup : public ::testing::Test {
 protected:
  void TearDown() override { bbg::set_threads(threads_); }
  int64_t threads_ = bbg::get_threads();
};

bbg::RunOptions options_of(const std::string& command, const std::string& config,
                           const std::vector<std::string>& overrides = {}) {
  bbg::RunOptions o;
  o.plan = *entry(command).run_plan;
  o.config_path = std::string(BBG_SOURCE_DIR) + "/" + config;
  o.overrides = overrides;
  return o;
}

TEST(CommandRegistry, ListsEveryCommandOnceInHelpOrder) {
  EXPECT_EQ(bbg::command_names(), (std::vector<std::string>{"run", "exact", "hmc", "mcmc", "train", "posterior",
                                                            "convert", "targets", "sample"}));
  for (const auto& c : bbg::command_registry()) {
    EXPECT_FALSE(c.help.empty()) << c.name;
    ASSERT_TRUE(c.add_options) << c.name;
  }
}

TEST(CommandRegistry, EveryEntryBuildsItsSubcommand) {
  CLI::App app;
  std::vector<bbg::CommandRun> runs;
  for (const auto& c : bbg::command_registry()) runs.push_back(c.add_options(*app.add_subcommand(c.name, c.help)));
  for (const auto& run : runs) EXPECT_TRUE(run);
  EXPECT_EQ(app.get_subcommands({}).size(), bbg::command_registry().size());
}

TEST(CommandRegistry, RunTypeCommandsCarryTheirPlan) {
  for (const char* name : {"run", "exact", "hmc", "mcmc", "train"}) EXPECT_TRUE(entry(name).run_plan) << name;
  for (const char* name : {"posterior", "convert", "targets", "sample"}) EXPECT_FALSE(entry(name).run_plan) << name;
  EXPECT_TRUE(entry("run").run_plan->runs_reference_sampler);
  EXPECT_TRUE(entry("hmc").run_plan->runs_reference_sampler);
  EXPECT_TRUE(entry("mcmc").run_plan->runs_reference_sampler);
  EXPECT_FALSE(entry("exact").run_plan->runs_reference_sampler);
  EXPECT_FALSE(entry("train").run_plan->runs_reference_sampler);
  EXPECT_TRUE(entry("exact").run_plan->prints_exact_observables);
  EXPECT_EQ(entry("train").run_plan->model, bbg::ModelDemand::kAlways);
  EXPECT_EQ(entry("hmc").run_plan->model, bbg::ModelDemand::kNone);
  for (const char* name : {"run", "exact", "hmc", "mcmc", "train", "sample"})
    EXPECT_TRUE(entry(name).interruptible) << name;
  EXPECT_FALSE(entry("convert").interruptible);
  EXPECT_FALSE(entry("targets").interruptible);
}

TEST_F(RunSetup, TheReferenceSamplerIsDecidedOnceAsData) {
  const auto wolff = bbg::prepare_run(options_of("run", "configs/ising.toml"));
  ASSERT_TRUE(wolff.reference);
  EXPECT_EQ(wolff.reference->sampler, "wolff");
  EXPECT_EQ(wolff.reference->summary_key, "mcmc");
  EXPECT_EQ(wolff.reference->file, "mcmc.h5");
  EXPECT_EQ(wolff.reference->label, "wolff");

  const auto metropolis =
      bbg::prepare_run(options_of("mcmc", "configs/ising.toml", {"mcmc.algorithm=\"metropolis\""}));
  ASSERT_TRUE(metropolis.reference);
  EXPECT_EQ(metropolis.reference->sampler, "metropolis");
  EXPECT_EQ(metropolis.reference->file, "mcmc.h5");

  const auto hmc = bbg::prepare_run(options_of("hmc", "configs/phi4.toml"));
  ASSERT_TRUE(hmc.reference);
  EXPECT_EQ(hmc.reference->sampler, "hmc");
  EXPECT_EQ(hmc.reference->summary_key, "hmc");
  EXPECT_EQ(hmc.reference->file, "hmc.h5");
  EXPECT_EQ(hmc.reference->label, "HMC");

  EXPECT_FALSE(bbg::prepare_run(options_of("exact", "configs/phi4.toml")).reference);
  const auto train = bbg::prepare_run(options_of("train", "configs/phi4_flow.toml"));
  EXPECT_FALSE(train.reference);
  EXPECT_TRUE(train.model);
}

TEST_F(RunSetup, PlansKeepTheSamplerChecksAndTheRunDirectoryNames) {
  EXPECT_THROW(bbg::prepare_run(options_of("hmc", "configs/ising.toml")), bbg::ConfigError);
  EXPECT_THROW(bbg::prepare_run(options_of("mcmc", "configs/phi4.toml")), bbg::ConfigError);
  EXPECT_EQ(bbg::prepare_run(options_of("run", "configs/ising.toml")).out_dir, "runs/ising");
  EXPECT_EQ(bbg::prepare_run(options_of("exact", "configs/ising.toml")).out_dir, "runs/ising-exact");
  EXPECT_EQ(bbg::prepare_run(options_of("mcmc", "configs/ising.toml")).out_dir, "runs/ising-mcmc");
  EXPECT_EQ(bbg::prepare_run(options_of("train", "configs/phi4_flow.toml")).out_dir, "runs/phi4_flow-train");
}

// `bbg sample` sets up from RUN_DIR/config.toml through prepare_run: target,
// seed, threads (overridable), model and sample settings, no reference run.
TEST_F(RunSetup, AFinishedRunIsSetUpFromItsConfig) {
  const fs::path dir = fs::temp_directory_path() / ("bbg_finished_run_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "config.toml") << "seed = 7\nthreads = 2\n[target]\nkind = \"ising\"\nshape = [4, 4]\n"
                                        "beta = 0.3\n[mcmc]\nalgorithm = \"metropolis\"\n[model]\nkind = \"made\"\n"
                                        "[train]\nholdout = 0.0\n[sample]\nsamples = 500\n";
  const auto run = bbg::prepare_finished_run(dir.string(), std::nullopt);
  EXPECT_EQ(run.seed, 7u);
  EXPECT_EQ(run.threads, 2);
  EXPECT_EQ(run.target->kind(), "ising");
  ASSERT_TRUE(run.model);
  ASSERT_TRUE(run.sample);
  EXPECT_EQ(run.sample->samples, 500);
  EXPECT_FALSE(run.reference);  // nothing is sampled again
  EXPECT_FALSE(run.train);      // nor trained
  ASSERT_TRUE(run.mcmc);
  EXPECT_EQ(bbg::reference_for(run.hmc, run.mcmc)->sampler, "metropolis");
  EXPECT_EQ(run.out_dir, dir.string());
  EXPECT_EQ(bbg::prepare_finished_run(dir.string(), 1).threads, 1);
  EXPECT_THROW(bbg::prepare_finished_run(dir.string(), 0), bbg::ConfigError);
  fs::remove_all(dir);
  EXPECT_THROW(bbg::prepare_finished_run(dir.string(), std::nullopt), bbg::UserError);
}

}  // namespace
