// make_plots on a synthetic run directory: the embedded script must write real
// PNGs for the inputs present and skip the rest. Skipped (GTEST_SKIP) where no
// Python 3 with matplotlib and h5py is installed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "bbg/io/h5_writer.hpp"
#include "bbg/io/plots.hpp"
#include "io_test_util.hpp"

namespace fs = std::filesystem;
using bbg::io::H5Writer;
using bbg::io::make_plots;
using bbg::io::PlotOutcome;
using bbg::io::testing::TempDir;

namespace {

void write_train_h5(const std::string& dir, int64_t sites) {
  const int64_t n = 120;
  std::vector<int64_t> step(n);
  std::vector<double> fq(n), fq_err(n), ess(n), acc(n), loss(n);
  for (int64_t i = 0; i < n; ++i) {
    step[i] = 10 * i;
    const double t = std::exp(-static_cast<double>(i) / 30.0);
    fq[i] = -1.1 * sites + 0.4 * sites * t;
    fq_err[i] = 0.02 * sites;
    ess[i] = 1.0 - t;
    acc[i] = 1.0 - 1.3 * t > 0 ? 1.0 - 1.3 * t : 0.0;
    loss[i] = fq[i];
  }
  fq[7] = std::nan("");  // NaN entries must not break the plot
  H5Writer w(dir + "/train.h5");
  w.write("history/step", {n}, step.data());
  w.write("history/f_q", {n}, fq.data());
  w.write("history/f_q_error", {n}, fq_err.data());
  w.write("history/ess_per_sample", {n}, ess.data());
  w.write("history/nmcmc_acceptance", {n}, acc.data());
  w.write("history/loss", {n}, loss.data());
  w.set_attribute("/", "sites", sites);
  w.set_attribute("/", "objective", "reverse_kl");
  w.commit();
}

void write_samples(const std::string& dir) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  const int64_t chains = 4, samples = 500, n = 2000;
  std::vector<double> ref(chains * samples), m(n), lw(n);
  for (auto& v : ref) v = std::tanh(2.0 * normal(rng));
  for (int64_t i = 0; i < n; ++i) {
    m[i] = 0.6 * normal(rng);
    lw[i] = -3.0 + 0.8 * normal(rng);
  }
  {
    H5Writer w(dir + "/hmc.h5");
    w.write("observables/m", {chains, samples}, ref.data());
    w.set_attribute("/", "sampler", "hmc");
    w.commit();
  }
  H5Writer w(dir + "/flow_samples.h5");
  w.write("observables/m", {n}, m.data());
  w.write("log_weight", {n}, lw.data());
  w.commit();
}

// True if the file starts with the PNG signature and has more than min_bytes.
::testing::AssertionResult is_png(const std::string& path, std::uintmax_t min_bytes) {
  if (!fs::exists(path)) return ::testing::AssertionFailure() << path << " missing";
  const auto size = fs::file_size(path);
  if (size <= min_bytes) return ::testing::AssertionFailure() << path << " has only " << size << " bytes";
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, 8);
  if (std::string(head, 8) != std::string("\x89PNG\r\n\x1a\n", 8))
    return ::testing::AssertionFailure() << path << " lacks the PNG signature";
  return ::testing::AssertionSuccess();
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  for (const auto& s : v)
    if (s == x) return true;
  return false;
}

#define SKIP_IF_NO_PYTHON(outcome)                                                  \
  if (!(outcome).ran && (outcome).message.find("no Python 3") != std::string::npos) \
  GTEST_SKIP() << (outcome).message

}  // namespace

TEST(PlotRun, WritesAllThreePngs) {
  TempDir tmp;
  write_train_h5(tmp.path(), 64);
  write_samples(tmp.path());
  std::ofstream(tmp.file("summary.json")) << R"({"target": {"sites": 64}, "exact": {"log_z": 70.4}})";

  const PlotOutcome out = make_plots(tmp.path());
  SKIP_IF_NO_PYTHON(out);
  ASSERT_TRUE(out.ran) << out.message;
  for (const char* name : {"training.png", "magnetization.png", "weights.png"}) {
    EXPECT_TRUE(has(out.written, name)) << name << "\n" << out.message;
    EXPECT_TRUE(is_png(tmp.file(name), 8000));
  }
  EXPECT_EQ(out.written.size(), 3u) << out.message;
  // Neither the script nor temporary PNGs are left in the run directory.
  for (const auto& name : tmp.names()) {
    EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
    EXPECT_EQ(name.find(".py"), std::string::npos) << name;
  }
}

TEST(PlotRun, OnlyTrainingWhenOnlyTrainH5) {
  TempDir tmp;
  write_train_h5(tmp.path(), 16);  // no summary.json: no exact line, still a plot

  const PlotOutcome out = make_plots(tmp.path());
  SKIP_IF_NO_PYTHON(out);
  ASSERT_TRUE(out.ran) << out.message;
  ASSERT_EQ(out.written, std::vector<std::string>{"training.png"}) << out.message;
  EXPECT_TRUE(is_png(tmp.file("training.png"), 8000));
  EXPECT_NE(out.message.find("skipped magnetization.png"), std::string::npos) << out.message;
  EXPECT_NE(out.message.find("skipped weights.png"), std::string::npos) << out.message;
  EXPECT_FALSE(fs::exists(tmp.file("magnetization.png")));
  EXPECT_FALSE(fs::exists(tmp.file("weights.png")));
}

TEST(PlotRun, MissingInterpreterOrDirectoryIsReportedNotThrown) {
  TempDir tmp;
  PlotOutcome out;
  ASSERT_NO_THROW(out = make_plots(tmp.path(), {tmp.file("no-such-python3")}));
  EXPECT_FALSE(out.ran);
  EXPECT_TRUE(out.written.empty());
  EXPECT_NE(out.message.find("python3-matplotlib"), std::string::npos) << out.message;
  EXPECT_NE(out.message.find("python3-h5py"), std::string::npos) << out.message;

  ASSERT_NO_THROW(out = make_plots(tmp.file("missing-run")));
  EXPECT_FALSE(out.ran);
  EXPECT_NE(out.message.find("does not exist"), std::string::npos) << out.message;
}

TEST(PlotRun, EmbeddedScriptEqualsSource) {
  std::ifstream in(std::string(BBG_SOURCE_DIR) + "/scripts/plot_run.py", std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(std::string(bbg::io::plot_script()), source);
}
