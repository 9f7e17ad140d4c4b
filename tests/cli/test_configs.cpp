// Every example in configs/ runs (with fewer samples) and produces a summary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(Configs, EveryExampleRuns) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(BBG_SOURCE_DIR) / "configs")) {
    if (entry.path().extension() != ".toml") continue;
    const fs::path out = fs::temp_directory_path() / ("bbg_config_" + entry.path().stem().string());
    fs::remove_all(out);
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("[bayes]") != std::string::npos && text.find("[data]") != std::string::npos) {
      // a `bbg posterior` example
      const std::string cmd = std::string(BBG_CLI_PATH) + " posterior " + entry.path().string() + " --out " +
                              out.string() +
                              " --no-plots --set bayes.samples=40 --set bayes.warmup=40 --set bayes.map_steps=50"
                              " --set bayes.ensemble_steps=50 > /dev/null 2>&1";
      const int status = std::system(cmd.c_str());
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
      EXPECT_TRUE(fs::exists(out / "summary.json")) << entry.path();
      fs::remove_all(out);
      ++n;
      continue;
    }
    const std::string sampler = text.find("[mcmc]") != std::string::npos ? "mcmc" : "hmc";
    std::string cmd = std::string(BBG_CLI_PATH) + " run " + entry.path().string() + " --out " + out.string() +
                      " --no-plots --set " + sampler + ".samples=200 --set " + sampler + ".warmup=50";
    if (text.find("[free_energy]") != std::string::npos || entry.path().stem() == "phi4")
      cmd += " --set free_energy.samples=100";
    if (text.find("[model]") != std::string::npos) cmd += " --set train.steps=20 --set sample.samples=500";
    if (text.find("[bayes]") != std::string::npos)  // a Bayesian generator: few, short chains and draws
      cmd +=
          " --set bayes.warmup=5 --set bayes.samples=10 --set bayes.chains=2 --set bayes.draws=2"
          " --set bayes.samples_per_draw=200 --set bayes.data=100 --set bayes.batch_size=50 --set bayes.ensemble=2";
    if (text.find("[surrogate_posterior]") != std::string::npos)  // the neural surrogate: short chains
      cmd +=
          " --set surrogate_posterior.warmup=20 --set surrogate_posterior.samples=20"
          " --set surrogate_posterior.map_steps=50 --set surrogate_posterior.ensemble_steps=50"
          " --set surrogate_posterior.weight_thin=5 --set surrogate.sweeps=200";
    cmd += " > /dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
    EXPECT_TRUE(fs::exists(out / "summary.json")) << entry.path();
    fs::remove_all(out);
    ++n;
  }
  EXPECT_GE(n, 5);
}

}  // namespace
