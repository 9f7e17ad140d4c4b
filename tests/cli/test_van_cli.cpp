// End-to-end tests of the Ising VAN pipeline through the bbg executable: the
// Wolff | variational | NIS | NMCMC summary, forward KL on Wolff configurations,
// and REINFORCE training that survives SIGKILL and resumes to the same numbers.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_process.hpp"
#include "resume_checks.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using bbg_test::read_json;
using bbg_test::run_cli;
using bbg_test::slurp;

fs::path fresh_dir(const std::string& name) { return bbg_test::fresh_dir("bbg_vancli", name); }

const std::string kIsingConfig = std::string(BBG_SOURCE_DIR) + "/configs/ising_van.toml";

// configs/ising_van.toml shrunk to 4x4 and a few seconds.
std::vector<std::string> small_run(const fs::path& out, const std::vector<std::string>& extra) {
  std::vector<std::string> a = {"run", kIsingConfig, "--json", "--no-plots", "--threads", "1", "--force",
                                "--out", out.string(), "--set", "target.shape=[4,4]", "--set", "mcmc.samples=500",
                                "--set", "mcmc.warmup=100", "--set", "train.steps=120", "--set",
                                "train.anneal_steps=40", "--set", "train.log_every=40", "--set",
                                "train.checkpoint_every=40", "--set", "sample.samples=4000", "--set",
                                "model.hidden=[16]"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

TEST(VanCli, IsingPipelineGivesWolffVariationalNisAndNmcmcSideBySide) {
  const fs::path out = fresh_dir("pipeline");
  ASSERT_EQ(run_cli(small_run(out, {}), out.string() + ".log"), 0) << slurp(out.string() + ".log.err");
  const json j = json::parse(slurp(out.string() + ".log"));
  EXPECT_EQ(j, read_json(out / "summary.json"));
  EXPECT_EQ(j["mcmc"]["algorithm"], "wolff");
  EXPECT_EQ(j["model"]["kind"], "made");
  EXPECT_EQ(j["train"]["objective"], "reinforce");
  EXPECT_TRUE(j["exact"]["log_z"].is_number());
  for (const char* name : {"energy", "abs_m", "m2", "chi", "binder"}) {
    EXPECT_TRUE(j["mcmc"]["observables"][name]["tau_int"].is_number()) << name;
    EXPECT_TRUE(j["variational"]["observables"][name]["error"].is_number()) << name;
    EXPECT_TRUE(j["nis"]["observables"][name]["error"].is_number()) << name;
    EXPECT_TRUE(j["nmcmc"]["observables"][name]["tau_int"].is_number()) << name;
  }
  // the variational estimate is -F_q, a lower bound on ln Z (an upper bound on F),
  // and is labelled as such; NIS removes the bias
  const double log_z = j["exact"]["log_z"].get<double>();
  EXPECT_LT(j["variational"]["log_z"]["value"].get<double>(), log_z);
  EXPECT_NEAR(j["variational"]["f"]["value"].get<double>(), -j["variational"]["log_z"]["value"].get<double>(),
              1e-12);
  EXPECT_NE(j["variational"]["meaning"].get<std::string>().find("upper bound"), std::string::npos);
  const json& nis = j["nis"]["log_z"];
  EXPECT_LT(std::abs(nis["value"].get<double>() - log_z), 4 * nis["error"].get<double>() + 1e-12);
  EXPECT_TRUE(j["mode_dropping"]["value"].is_number());
  EXPECT_GT(j["nmcmc"]["acceptance"].get<double>(), 0.0);
  for (const char* f : {"config.toml", "mcmc.h5", "model.pt", "train.h5", "flow_samples.h5"})
    EXPECT_TRUE(fs::exists(out / f)) << f;

  // the terminal table names the reference sampler and the variational column
  const fs::path text = out.string() + ".txt";
  std::vector<std::string> args = small_run(out, {});
  args.erase(args.begin() + 2);  // no --json
  ASSERT_EQ(run_cli(args, text), 0) << slurp(text.string() + ".err");
  const std::string table = slurp(text);
  for (const char* heading : {"wolff (tau_int)", "model q (variational)", "model NIS", "model NMCMC (tau_int)"})
    EXPECT_NE(table.find(heading), std::string::npos) << heading << "\n" << table;
  fs::remove_all(out);
}

TEST(VanCli, ForwardKlTrainsOnWolffConfigurationsAndHoldsOutChains) {
  const fs::path out = fresh_dir("forward_kl");
  ASSERT_EQ(run_cli(small_run(out, {"--set", "train.objective=forward_kl", "--set", "train.anneal_steps=0",
                                    "--set", "train.steps=600"}),
                    out.string() + ".log"),
            0)
      << slurp(out.string() + ".log.err");
  const json j = json::parse(slurp(out.string() + ".log"));
  EXPECT_EQ(j["train"]["objective"], "forward_kl");
  EXPECT_TRUE(j["train"]["data_is_reference"].get<bool>());
  EXPECT_EQ(j["mode_dropping"]["reference_chains"], "chains 6..7 of mcmc.h5 (held out of forward-KL training)");
  // maximum likelihood on 3000 Wolff samples of a 4x4 lattice: q is close to p
  // (ESS/N 0.83 with this seed), covers the whole support (w_bar = Z_q/Z_p = 1 within
  // 4 errors on the held-out chains) and NIS is unbiased
  EXPECT_GT(j["nis"]["ess_per_sample"].get<double>(), 0.5);
  EXPECT_LT(std::abs(j["mode_dropping"]["value"].get<double>() - 1.0), 4 * j["mode_dropping"]["error"].get<double>());
  const double log_z = j["exact"]["log_z"].get<double>();
  EXPECT_LT(std::abs(j["nis"]["log_z"]["value"].get<double>() - log_z), 4 * j["nis"]["log_z"]["error"].get<double>());
  fs::remove_all(out);
}

TEST(VanCli, SigkillThenRerunResumesReinforceToTheSameNumbers) {
  const fs::path reference = fresh_dir("uninterrupted"), killed = fresh_dir("killed");
  const std::vector<std::string> longer = {"--set", "train.steps=600"};
  ASSERT_EQ(run_cli(small_run(reference, longer), reference.string() + ".log"), 0)
      << slurp(reference.string() + ".log.err");

  bbg_test::kill_at_first_checkpoint(small_run(killed, longer), killed);
  ASSERT_TRUE(fs::exists(killed / "train_checkpoint.pt"));

  // the same command without --force resumes (--force would start afresh)
  std::vector<std::string> again = small_run(killed, longer);
  again.erase(std::find(again.begin(), again.end(), "--force"));
  ASSERT_EQ(run_cli(again, killed.string() + ".log"), 0) << slurp(killed.string() + ".log.err");
  bbg_test::expect_resumed_run_matches(reference, killed);
  fs::remove_all(reference);
  fs::remove_all(killed);
}

}  // namespace
