// `bbg run` with [surrogate] on the 4x4 Falicov-Kimball model (docs/surrogate_mc.md): the
// summary key `surrogate` with the linear and the neural surrogates' fits, every method per
// surrogate with aleatoric and (draws) epistemic errors, training data from two temperatures;
// the side-by-side table per surrogate; meaningless or misspelt keys stop with exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using bbg_test::fresh_dir;
using bbg_test::read_json;
using bbg_test::run_cli;
using bbg_test::slurp;

const char* kFkSurrogate = R"(seed = 5
threads = 1
[target]
kind = "falicov_kimball"
shape = [4, 4]
U = 4.0
beta = 5.0
[mcmc]
algorithm = "metropolis"
chains = 2
warmup = 50
samples = 300
[surrogate]
methods = ["exact", "mean", "draws", "penalty", "delayed"]
surrogates = ["linear", "network"]
train_configurations = 200
train_temperatures = [0.4]
draws = 3
chains = 2
warmup = 20
sweeps = 200
network_hidden = [4]
[surrogate_posterior]
sampler = ["sghmc", "ensemble"]
chains = 2
warmup = 20
samples = 20
weight_thin = 5
batch_size = 50
map_steps = 100
ensemble_steps = 100
)";

fs::path write_config(const fs::path& out, const std::string& text) {
  fs::create_directories(out.parent_path());
  const fs::path config = out.string() + ".toml";
  std::ofstream(config) << text;
  return config;
}

TEST(SurrogateCli, FalicovKimballRunReportsEverySurrogateAndMethod) {
  const fs::path out = fresh_dir("bbg_surrogate_cli", "fk4");
  const fs::path config = write_config(out, kFkSurrogate), log = out.string() + ".log";
  ASSERT_EQ(run_cli({"run", config.string(), "--out", out.string(), "--no-plots"}, log), 0)
      << slurp(log.string() + ".err");
  const nlohmann::json s = read_json(out / "summary.json")["surrogate"];
  EXPECT_EQ(s["train_temperatures"].size(), 2u);
  EXPECT_EQ(s["fit"]["training_configurations"].get<int64_t>(), 200);
  for (const char* net : {"network:sghmc", "network:ensemble"}) {
    ASSERT_TRUE(s["networks"].contains(net)) << net;
    EXPECT_EQ(s["networks"][net]["members"].get<int64_t>(), 3);
    EXPECT_GT(s["networks"][net]["holdout_rmse"].get<double>(), 0.0);
  }
  const nlohmann::json& m = s["methods"];
  for (const char* key : {"exact", "mean", "draws", "penalty", "delayed", "mean/network:sghmc",
                          "draws/network:ensemble", "penalty/network:ensemble", "delayed/network:sghmc"}) {
    ASSERT_TRUE(m.contains(key)) << key;
    const nlohmann::json& e = m[key]["observables"]["energy"];
    EXPECT_TRUE(e["value"].is_number()) << key;
    EXPECT_TRUE(e["error"].is_number()) << key;
    EXPECT_TRUE(e["exact"].is_number()) << key;  // 4x4: enumeration
  }
  EXPECT_TRUE(m["draws/network:sghmc"]["observables"]["energy"]["epistemic"].is_number());
  EXPECT_EQ(m["mean/network:ensemble"]["exact_evaluations"].get<int64_t>(), 0);
  EXPECT_GT(m["delayed/network:ensemble"]["exact_evaluations"].get<int64_t>(), 0);
  EXPECT_NE(s["error_contains"].get<std::string>().find("epistemic"), std::string::npos);
  const std::string table = slurp(log);
  EXPECT_NE(table.find("surrogate linear:"), std::string::npos) << table;
  EXPECT_NE(table.find("surrogate network:ensemble:"), std::string::npos) << table;
  EXPECT_NE(table.find("draws (ale, epi)"), std::string::npos) << table;
  EXPECT_NE(table.find("trained on configurations from 2 temperatures"), std::string::npos) << table;
  EXPECT_NE(table.find("warning: network:sghmc: sghmc is unadjusted"), std::string::npos) << table;
}

TEST(SurrogateCli, MeaninglessKeysStopWithExitTwo) {
  const fs::path out = fresh_dir("bbg_surrogate_cli", "bad");
  const fs::path config = write_config(out, kFkSurrogate), log = out.string() + ".log";
  auto refused = [&](const std::vector<std::string>& sets, const std::string& named) {
    std::vector<std::string> args = {"run", config.string(), "--out", out.string(), "--no-plots"};
    for (const auto& s : sets) args.insert(args.end(), {"--set", s});
    EXPECT_EQ(run_cli(args, log), 2) << named;
    const std::string err = slurp(log.string() + ".err");
    EXPECT_NE(err.find(named), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(out / "summary.json"));
  };
  refused({"surrogate.surrogates=[\"nn\"]"}, "surrogate.surrogates");
  refused({"surrogate.surrogates=[\"linear\"]"}, "is read only when surrogates names");  // settings nobody reads
  refused({"surrogate.network_range=2"}, "surrogate.network_range");                     // a 5x5 window on 4x4
  refused({"surrogate.train_temperatures=[-1.0]"}, "surrogate.train_temperatures");
  refused({"surrogate_posterior.sampler=[\"sghmcc\"]"}, "surrogate_posterior.sampler");
}

}  // namespace
