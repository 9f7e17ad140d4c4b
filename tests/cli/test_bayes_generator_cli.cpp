// `bbg run` with a [bayes] section (docs/bayesian_generators.md): the summary key
// `bayes` with every draw set and quantity, bayes_generator.h5, the table, the warnings;
// keys without meaning here and samplers a posterior does not allow stop with exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bbg/io/h5_writer.hpp"
#include "cli_process.hpp"
#include "resume_checks.hpp"

namespace {

namespace fs = std::filesystem;
using bbg_test::fresh_dir;
using bbg_test::run_cli;
using bbg_test::slurp;

const char* kIsingBayes = R"(seed = 3
[target]
kind = "ising"
shape = [4, 4]
beta = 0.3
[mcmc]
algorithm = "wolff"
chains = 4
warmup = 100
samples = 500
[model]
kind = "made"
hidden = [16]
[train]
steps = 150
batch = 128
learning_rate = 5e-3
[sample]
samples = 2000
[bayes]
posterior = ["data", "variational"]
sampler = "sgld"
chains = 2
warmup = 20
samples = 20
draws = 3
samples_per_draw = 1000
data = 300
batch_size = 50
sgld_step_size = 1e-5
ensemble = 2
)";

TEST(BayesGeneratorCli, IsingRunReportsEveryDrawSetQuantityAndFile) {
  const fs::path out = fresh_dir("bbg_bayes_generator_cli", "ising");
  fs::create_directories(out.parent_path());
  const fs::path config = out.string() + ".toml";
  std::ofstream(config) << kIsingBayes;
  const fs::path log = out.string() + ".log";
  ASSERT_EQ(run_cli({"run", config.string(), "--out", out.string(), "--no-plots"}, log), 0)
      << slurp(log.string() + ".err");
  const auto s = bbg_test::read_json(out / "summary.json");
  ASSERT_TRUE(s.contains("bayes"));
  const auto& sets = s["bayes"]["sets"];
  for (const char* name : {"data/sgld", "variational/sgld", "ensemble"}) ASSERT_TRUE(sets.contains(name)) << name;
  const auto& data = sets["data/sgld"];
  EXPECT_EQ(data["draws"].get<int64_t>(), 3);
  EXPECT_EQ(data["chains"]["data_size"].get<int64_t>(), 300);
  EXPECT_TRUE(data["chains"]["diagnostics"].contains("f_q"));
  EXPECT_TRUE(data["chains"]["diagnostics"].contains("data_mean_log_q"));
  EXPECT_FALSE(sets["variational/sgld"]["chains"]["diagnostics"].contains("data_mean_log_q"));
  EXPECT_NE(sets["variational/sgld"]["settings"]["meaning"].get<std::string>().find("lambda"), std::string::npos);
  for (const char* q : {"ln Z", "F/V", "abs_m", "energy"}) {
    ASSERT_TRUE(data["quantities"].contains(q)) << q;
    const auto& o = data["quantities"][q];
    EXPECT_EQ(o["reference"]["source"].get<std::string>().rfind("exact", 0), 0u) << q;
    EXPECT_EQ(o["plain"]["per_draw"].size(), 3u);
    for (const char* k : {"sd_epistemic", "sd_aleatoric", "sd_total", "bias", "bias_error"})
      EXPECT_TRUE(o["plain"].contains(k)) << q << " " << k;
    EXPECT_EQ(o["nis"]["dof"].get<int64_t>(), 2);
    EXPECT_TRUE(o["nis"].contains("chi2_vs_exact"));
    EXPECT_TRUE(o["mixture_nis"]["value"].is_number()) << q;
  }
  EXPECT_TRUE(data["quantities"]["abs_m"].contains("nmcmc"));
  EXPECT_TRUE(data["sampler_quality"].contains("w_bar"));
  EXPECT_EQ(data["sampler_quality"]["ess_per_sample"]["per_draw"].size(), 3u);
  EXPECT_GT(data["cost"]["mixture_cost_factor"].get<double>(), 0.0);
  EXPECT_EQ(sets["ensemble"]["draws"].get<int64_t>(), 2);
  EXPECT_FALSE(sets["ensemble"].contains("chains"));
  bool unadjusted = false;
  for (const auto& w : s["bayes"]["warnings"])
    unadjusted |= w.get<std::string>().find("not Metropolis-adjusted") != std::string::npos;
  EXPECT_TRUE(unadjusted) << s["bayes"]["warnings"].dump();
  const std::string table = slurp(log);
  EXPECT_NE(table.find("Bayesian generator: data/sgld, K = 3 draws"), std::string::npos) << table;
  EXPECT_NE(table.find("ensemble q_bar NIS"), std::string::npos) << table;
  bbg::io::H5Reader h5((out / "bayes_generator.h5").string());
  EXPECT_EQ(h5.dims("data_sgld/nis/log_z"), (std::vector<int64_t>{3}));
  EXPECT_EQ(h5.dims("ensemble/plain/abs_m"), (std::vector<int64_t>{2}));
  EXPECT_FALSE(fs::exists(out / "checkpoint_bayes_data_sgld.bin"));  // removed once the part finished
  fs::remove_all(out);
  fs::remove(config);
}

TEST(BayesGeneratorCli, MeaninglessKeysAndDisallowedSamplersStopWithExitTwo) {
  const fs::path dir = fresh_dir("bbg_bayes_generator_cli", "bad");
  fs::create_directories(dir);
  const fs::path config = dir / "c.toml";
  std::ofstream(config) << kIsingBayes;
  const fs::path log = dir / "log";
  EXPECT_EQ(run_cli({"run", config.string(), "--out", (dir / "a").string(), "--set", "bayes.init=\"map\""}, log), 2);
  EXPECT_NE(slurp(log.string() + ".err").find("bayes.init"), std::string::npos) << slurp(log.string() + ".err");
  EXPECT_EQ(run_cli({"run", config.string(), "--out", (dir / "b").string(), "--set", "bayes.sampler=\"nuts\""}, log),
            2);
  const std::string err = slurp(log.string() + ".err");
  EXPECT_NE(err.find("bayes.sampler"), std::string::npos) << err;
  EXPECT_NE(err.find("variational"), std::string::npos) << err;
  EXPECT_EQ(
      run_cli({"run", config.string(), "--out", (dir / "c").string(), "--set", "bayes.posterior=\"vartional\""}, log),
      2);
  EXPECT_NE(slurp(log.string() + ".err").find("did you mean \"variational\""), std::string::npos)
      << slurp(log.string() + ".err");
  EXPECT_EQ(run_cli({"run", config.string(), "--out", (dir / "d").string(), "--set", "bayes.ensemble=1"}, log), 2);
  EXPECT_NE(slurp(log.string() + ".err").find("bayes.ensemble"), std::string::npos);
  // a minibatch larger than D: named, with the size of D
  EXPECT_EQ(run_cli({"run", config.string(), "--out", (dir / "e").string(), "--set", "bayes.data=40"}, log), 2);
  EXPECT_NE(slurp(log.string() + ".err").find("bayes.batch_size = 50"), std::string::npos)
      << slurp(log.string() + ".err");
  EXPECT_NE(slurp(log.string() + ".err").find("bayes.data = 40"), std::string::npos) << slurp(log.string() + ".err");
  // ... or larger than the reference provides: 3 of 4 chains x 500 samples = 1500 < 2000
  EXPECT_EQ(run_cli({"run", config.string(), "--out", (dir / "f").string(), "--set", "bayes.batch_size=2000", "--set",
                     "bayes.data=5000"},
                    log),
            2);
  EXPECT_NE(slurp(log.string() + ".err").find("1500"), std::string::npos) << slurp(log.string() + ".err");
  EXPECT_FALSE(fs::exists(dir / "f" / "mcmc.h5"));  // refused before any work
  EXPECT_FALSE(fs::exists(dir / "a" / "summary.json"));
  fs::remove_all(dir);
}

TEST(BayesGeneratorCli, RunKilledInTheWeightChainsResumesToTheSameNumbers) {
  const fs::path a = fresh_dir("bbg_bayes_generator_cli", "uninterrupted");
  const fs::path b = fresh_dir("bbg_bayes_generator_cli", "killed");
  fs::create_directories(a.parent_path());
  const fs::path config = a.string() + ".toml";
  std::ofstream(config) << kIsingBayes;
  // 600 stored draws per chain come in blocks of 250, each followed by an atomic checkpoint.
  const std::vector<std::string> longer = {"--no-plots",        "--set", "bayes.posterior=\"data\"", "--set",
                                           "bayes.samples=600", "--set", "bayes.ensemble=0"};
  std::vector<std::string> args_a = {"run", config.string(), "--out", a.string()};
  args_a.insert(args_a.end(), longer.begin(), longer.end());
  ASSERT_EQ(run_cli(args_a, a.string() + ".log"), 0) << slurp(a.string() + ".log.err");
  std::vector<std::string> args_b = {"run", config.string(), "--out", b.string()};
  args_b.insert(args_b.end(), longer.begin(), longer.end());
  bbg_test::Child c = bbg_test::spawn_cli(args_b, b.string() + ".log");
  bbg_test::wait_for_file(b / "checkpoint_bayes_data_sgld.bin");
  ::kill(c.pid, SIGKILL);
  EXPECT_EQ(bbg_test::wait_exit(c), 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(b / "summary.json"));
  ASSERT_EQ(run_cli(args_b, b.string() + ".log"), 0) << slurp(b.string() + ".log.err");
  const auto sa = bbg_test::read_json(a / "summary.json"), sb = bbg_test::read_json(b / "summary.json");
  const auto &qa = sa["bayes"]["sets"]["data/sgld"], &qb = sb["bayes"]["sets"]["data/sgld"];
  EXPECT_EQ(qa["quantities"], qb["quantities"]);
  EXPECT_EQ(qa["chains"]["diagnostics"], qb["chains"]["diagnostics"]);
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove(config);
}

}  // namespace
