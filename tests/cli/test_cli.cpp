// End-to-end tests of the bbg executable: the built-in default run, --json, the
// run directory, and clear errors with a non-zero exit code for bad input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Output {
  int code;
  std::string out, err;
};

Output run_cli(const std::string& args) {
  const fs::path err_file = fs::temp_directory_path() / ("bbg_cli_err_" + std::to_string(::getpid()));
  const std::string cmd = std::string(BBG_CLI_PATH) + " " + args + " 2>" + err_file.string();
  Output o{};
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) o.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err_file);
  std::stringstream ss;
  ss << e.rdbuf();
  o.err = ss.str();
  fs::remove(err_file);
  return o;
}

fs::path fresh_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() / ("bbg_cli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

std::string write_config(const fs::path& dir, const std::string& text) {
  fs::create_directories(dir);
  const fs::path p = dir / "run.toml";
  std::ofstream(p) << text;
  return p.string();
}

TEST(Cli, DefaultRunGivesHmcBesideExactWithErrors) {
  const fs::path out = fresh_dir("default");
  const Output o = run_cli("run --json --no-plots --set hmc.samples=1000 --set hmc.warmup=200 --set train.steps=20 "
                           "--set sample.samples=1000 --out " + out.string());
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["target"]["kind"], "phi4");
  EXPECT_TRUE(j["exact"].is_object());
  for (const char* name : {"m", "abs_m", "m2", "chi", "binder", "action_density"}) {
    const auto& e = j["hmc"]["observables"][name];
    EXPECT_TRUE(e["value"].is_number()) << name;
    EXPECT_TRUE(e["error"].is_number()) << name;
    EXPECT_TRUE(e["tau_int"].is_number()) << name;
  }
  EXPECT_TRUE(j["hmc"]["log_z"]["value"].is_number());
  EXPECT_GT(j["hmc"]["log_z"]["error"].get<double>(), 0.0);
  EXPECT_GT(j["hmc"]["leapfrog_steps"].get<int64_t>(), 0);
  EXPECT_GT(j["hmc"]["seconds"].get<double>(), 0.0);
  // the run directory holds the same summary, the resolved config and the HDF5 data
  std::ifstream summary(out / "summary.json");
  EXPECT_EQ(nlohmann::json::parse(summary), j);
  EXPECT_TRUE(fs::exists(out / "config.toml"));
  EXPECT_TRUE(fs::exists(out / "hmc.h5"));
  EXPECT_FALSE(fs::exists(out / "hmc.h5.partial"));
  // a finished run is not overwritten without --force
  const Output again = run_cli("run --set hmc.samples=100 --out " + out.string());
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  fs::remove_all(out);
}

TEST(Cli, IsingRunUsesWolffBesideExact) {
  const fs::path dir = fresh_dir("ising");
  const std::string cfg = write_config(dir, R"(seed = 3
[target]
kind = "ising"
shape = [4, 4]
beta = 0.4
[mcmc]
algorithm = "wolff"
chains = 2
warmup = 100
samples = 500
)");
  const Output o = run_cli("run " + cfg + " --json --out " + (dir / "out").string());
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_TRUE(j["exact"]["log_z"].is_number());
  EXPECT_TRUE(j["mcmc"]["observables"]["energy"]["error"].is_number());
  EXPECT_EQ(j["mcmc"]["algorithm"], "wolff");
  EXPECT_GE(j["mcmc"]["clusters_per_sweep"].get<int64_t>(), 1);
  fs::remove_all(dir);
}

TEST(Cli, ExactSubcommandNeedsNoSampler) {
  const fs::path dir = fresh_dir("exact");
  const Output o = run_cli("exact --json --set target.lambda=0.0 --out " + dir.string());
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_TRUE(j["exact"]["observables"]["m2"].is_number());
  EXPECT_FALSE(j.contains("hmc"));
  fs::remove_all(dir);
}

void expect_user_error(const std::string& args, std::initializer_list<const char*> mentions, const fs::path& out) {
  const Output o = run_cli(args + " --out " + out.string());
  EXPECT_EQ(o.code, 2) << args << "\n" << o.err;
  for (const char* m : mentions) EXPECT_NE(o.err.find(m), std::string::npos) << m << " missing in: " << o.err;
  EXPECT_FALSE(fs::exists(out / "summary.json"));
  EXPECT_FALSE(fs::exists(out / "hmc.h5"));
}

TEST(Cli, BadInputIsAClearErrorAndWritesNoResult) {
  const fs::path out = fresh_dir("bad");
  expect_user_error("run --set target.lambda=-1", {"target.lambda", "-1"}, out);
  expect_user_error("run --set target.shape=[8,0]", {"target.shape"}, out);
  expect_user_error("run --set target.kind=phi5", {"target.kind", "phi5", "phi4"}, out);
  expect_user_error("run --set hmc.chanis=4", {"hmc.chanis", "chains"}, out);
  expect_user_error("run --set target.lambda=0 --set target.kappa=0.3", {"target.kappa", "0.3"}, out);
  expect_user_error("run /nonexistent/config.toml", {"/nonexistent/config.toml"}, out);
  expect_user_error("hmc --set target.kind=ising", {"target.kind", "ising"}, out);
  fs::remove_all(out);
}

TEST(Cli, ConvertRoundTrip) {
  const Output o = run_cli("convert --from hopping 0.2 0.022 --dim 2 --volume 64 --json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  const Output back = run_cli("convert --from mass " + std::to_string(j["m2"].get<double>()) + " " +
                              std::to_string(j["g"].get<double>()) + " --dim 2 --json");
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_NEAR(nlohmann::json::parse(back.out)["kappa"].get<double>(), 0.2, 1e-6);
}

}  // namespace
