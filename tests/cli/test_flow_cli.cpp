// End-to-end tests of the flow pipeline through the bbg executable: the summary
// keys scripts rely on, the run directory's files, `bbg sample`, and training
// that survives SIGKILL and Ctrl-C and resumes to the same numbers.
#include <gtest/gtest.h>

#include "cli_process.hpp"
#include "resume_checks.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using bbg_test::Child;
using bbg_test::read_json;
using bbg_test::slurp;
using bbg_test::wait_exit;

fs::path fresh_dir(const std::string& name) { return bbg_test::fresh_dir("bbg_flowcli", name); }

// A short flow training on 4x4 phi^4, one thread, checkpoints every 40 steps.
std::vector<std::string> train_args(const fs::path& out, int64_t steps) {
  return {"train", "--threads", "1", "--no-plots", "--out", out.string(), "--set", "target.shape=[4,4]",
          "--set", "train.steps=" + std::to_string(steps), "--set", "train.checkpoint_every=40",
          "--set", "train.log_every=20", "--set", "train.batch=64", "--set", "sample.samples=2000",
          "--set", "model.layers=2", "--set", "model.hidden=[16]"};
}

TEST(FlowCli, DefaultPipelineWritesTheDocumentedSummary) {
  const fs::path out = fresh_dir("pipeline");
  const int code = bbg_test::run_cli({"run", "--json", "--out", out.string(), "--set", "hmc.samples=500", "--set",
                        "hmc.warmup=100", "--set", "free_energy.samples=200", "--set", "train.steps=150",
                        "--set", "sample.samples=4000"},
                       out.string() + ".log");
  ASSERT_EQ(code, 0) << slurp(out.string() + ".log.err");
  const json j = json::parse(slurp(out.string() + ".log"));
  EXPECT_EQ(j, read_json(out / "summary.json"));
  for (const char* k : {"log_z", "f", "f_per_site"})
    for (const char* f : {"value", "error", "bias"}) EXPECT_TRUE(j["nis"][k][f].is_number()) << k << "." << f;
  EXPECT_NEAR(j["nis"]["f"]["value"].get<double>(), -j["nis"]["log_z"]["value"].get<double>(), 1e-12);
  EXPECT_NEAR(j["nis"]["f_per_site"]["value"].get<double>(), j["nis"]["f"]["value"].get<double>() / 64, 1e-12);
  EXPECT_GT(j["nis"]["ess_per_sample"].get<double>(), 0.0);
  EXPECT_LE(j["nis"]["ess_per_sample"].get<double>(), 1.0);
  for (const char* name : {"m", "abs_m", "m2", "chi", "binder", "action_density"}) {
    EXPECT_TRUE(j["nis"]["observables"][name]["error"].is_number()) << name;
    EXPECT_TRUE(j["nmcmc"]["observables"][name]["tau_int"].is_number()) << name;
  }
  EXPECT_GT(j["nmcmc"]["acceptance"].get<double>(), 0.0);
  EXPECT_TRUE(j["mode_dropping"]["value"].is_number());
  EXPECT_TRUE(j["mode_dropping"]["error"].is_number());
  EXPECT_EQ(j["train"]["steps"].get<int64_t>(), 150);
  EXPECT_GT(j["train"]["seconds"].get<double>(), 0.0);
  EXPECT_EQ(j["train"]["history"]["step"].size(), 2u);  // log_every = 100 -> steps 100 and 150
  for (const char* f : {"config.toml", "hmc.h5", "model.pt", "train.h5", "flow_samples.h5", "train_checkpoint.pt"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  // `bbg sample` draws more from the trained model, with a fresh stream
  const int s = bbg_test::run_cli({"sample", out.string(), "-n", "3000", "--json"}, out.string() + ".sample");
  ASSERT_EQ(s, 0) << slurp(out.string() + ".sample.err");
  const json more = json::parse(slurp(out.string() + ".sample"));
  EXPECT_EQ(more["nis"]["samples"].get<int64_t>(), 3000);
  EXPECT_NE(more["nis"]["log_z"]["value"], j["nis"]["log_z"]["value"]);
  const double dev = more["nis"]["log_z"]["value"].get<double>() - j["nis"]["log_z"]["value"].get<double>();
  const double err = std::hypot(more["nis"]["log_z"]["error"].get<double>(), j["nis"]["log_z"]["error"].get<double>());
  EXPECT_LT(std::abs(dev), 5 * err);
  EXPECT_TRUE(fs::exists(out / "sample_summary.json"));
  EXPECT_EQ(bbg_test::run_cli({"sample", (out / "nothing").string(), "-n", "10"}, out.string() + ".bad"), 2);
  fs::remove_all(out);
}

// Forward KL on the run's own hmc.h5: the mode-dropping estimator and forward
// ESS use only the chains held out of training (w_bar on the training data is
// biased upwards), and holdout = 0 is flagged in the summary.
TEST(FlowCli, ForwardKlMeasuresModeDroppingOnHeldOutChains) {
  const fs::path out = fresh_dir("forward_kl");
  auto args = [&](const std::string& holdout) {
    std::vector<std::string> a = {"run", "--json", "--no-plots", "--threads", "1", "--out", out.string(), "--force",
                                  "--set", "target.shape=[4,4]", "--set", "hmc.samples=300", "--set", "hmc.warmup=100",
                                  "--set", "free_energy.samples=100", "--set", "train.objective=forward_kl",
                                  "--set", "train.steps=40", "--set", "train.batch=64", "--set", "sample.samples=2000",
                                  "--set", "model.layers=2", "--set", "model.hidden=[16]"};
    if (!holdout.empty()) a.insert(a.end(), {"--set", "train.holdout=" + holdout});
    return a;
  };
  ASSERT_EQ(bbg_test::run_cli(args(""), out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  json j = json::parse(slurp(out.string() + ".log"));
  EXPECT_DOUBLE_EQ(j["train"]["holdout"].get<double>(), 0.25);
  EXPECT_TRUE(j["train"]["data_is_reference"].get<bool>());
  EXPECT_EQ(j["mode_dropping"]["reference_chains"], "chains 6..7 of hmc.h5 (held out of forward-KL training)");
  EXPECT_EQ(j["mode_dropping"]["reference_samples"].get<int64_t>(), 2 * 300);
  EXPECT_FALSE(j.contains("warnings") && j["warnings"].dump().find("training data") != std::string::npos);
  // `bbg sample` keeps to the same held-out chains
  ASSERT_EQ(bbg_test::run_cli({"sample", out.string(), "-n", "1000", "--json"}, out.string() + ".sample"), 0);
  EXPECT_EQ(json::parse(slurp(out.string() + ".sample"))["mode_dropping"]["reference_chains"],
            j["mode_dropping"]["reference_chains"]);

  ASSERT_EQ(bbg_test::run_cli(args("0"), out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  j = json::parse(slurp(out.string() + ".log"));
  EXPECT_EQ(j["mode_dropping"]["reference_samples"].get<int64_t>(), 8 * 300);
  EXPECT_NE(j["warnings"].dump().find("forward-KL training data"), std::string::npos) << j["warnings"];
  fs::remove_all(out);
}

TEST(FlowCli, SigkillThenRerunResumesToTheSameNumbers) {
  const fs::path reference = fresh_dir("uninterrupted"), killed = fresh_dir("killed");
  ASSERT_EQ(bbg_test::run_cli(train_args(reference, 400), reference.string() + ".log"), 0) << slurp(reference.string() + ".log.err");

  bbg_test::kill_at_first_checkpoint(train_args(killed, 400), killed);
  ASSERT_TRUE(fs::exists(killed / "train_checkpoint.pt"));

  ASSERT_EQ(bbg_test::run_cli(train_args(killed, 400), killed.string() + ".log"), 0) << slurp(killed.string() + ".log.err");
  bbg_test::expect_resumed_run_matches(reference, killed);
  fs::remove_all(reference);
  fs::remove_all(killed);
}

TEST(FlowCli, CtrlCCheckpointsAndAChangedConfigIsRefused) {
  const fs::path out = fresh_dir("sigint");
  Child c = bbg_test::spawn_cli(train_args(out, 100000), out.string() + ".log");
  bbg_test::wait_for_file(out / "train_checkpoint.pt");
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_exit(c), 130);
  EXPECT_NE(slurp(out.string() + ".log.err").find("re-run the same command to resume"), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "summary.json"));
  // resuming under another architecture is a clear error, not a silent restart
  auto changed = train_args(out, 100000);
  changed.back() = "model.hidden=[8]";
  EXPECT_EQ(bbg_test::run_cli(changed, out.string() + ".log"), 2);
  EXPECT_NE(slurp(out.string() + ".log.err").find("different configuration"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "train_checkpoint.pt"));  // the checkpoint survives
  fs::remove_all(out);
}

}  // namespace
