// Same seed, same numbers: `bbg run --threads 1` on the shipped configs must
// reproduce the summaries recorded in tests/golden/ (see its README.md) in every
// number that is not a wall-clock time. On the CPU that recorded them the match
// must be bit for bit; OpenBLAS, ATen and glibc choose CPU-specific kernels, so on
// another CPU (model string or avx2/avx512f/fma flags differ) numbers are
// compared to relative 1e-9 (rank-based R-hat / ESS: 1e-6) and a note says why.
//
// To re-record (only when a change is MEANT to alter the numbers):
//   BBG_UPDATE_GOLDEN=1 build/bbg_tests --gtest_filter='GoldenSummaries.*'
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kGoldenDir = fs::path(BBG_SOURCE_DIR) / "tests" / "golden";

struct GoldenCase {
  std::string name;       // golden file tests/golden/<name>.json
  std::string config;     // relative to the source directory
  std::vector<std::string> overrides;  // --set arguments (listed in tests/golden/README.md as well)
};

const std::vector<GoldenCase>& cases() {
  static const std::vector<GoldenCase> all = {
      {"phi4", "configs/phi4.toml", {}},
      {"ising_wolff", "configs/ising.toml", {}},
      {"ising_metropolis", "configs/ising.toml", {"mcmc.algorithm=\"metropolis\""}},
      {"phi4_flow", "configs/phi4_flow.toml", {}},  // about 25 s: trains the flow, 1e5 NIS/NMCMC draws
  };
  return all;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Wall-clock quantities (and anything derived from them) differ between runs.
bool is_timing_key(const std::string& key) {
  return key == "seconds" || ends_with(key, "_seconds") || ends_with(key, "_per_second") ||
         ends_with(key, "_per_s");
}

json strip_timing(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items())
      if (!is_timing_key(k)) out[k] = strip_timing(v);
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& v : j) out.push_back(strip_timing(v));
    return out;
  }
  return j;
}

// "model name" of the first CPU and which of avx2, avx512f, fma it has.
std::string machine_fingerprint() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, model = "unknown", flags;
  bool have_model = false, have_flags = false;
  while (std::getline(in, line) && !(have_model && have_flags)) {
    auto value = [&] { return line.substr(line.find(':') == std::string::npos ? line.size() : line.find(':') + 2); };
    if (!have_model && line.rfind("model name", 0) == 0) model = value(), have_model = true;
    if (!have_flags && line.rfind("flags", 0) == 0) {
      const std::string all = " " + value() + " ";
      for (const char* f : {"avx2", "avx512f", "fma"})
        if (all.find(std::string(" ") + f + " ") != std::string::npos) flags += std::string(flags.empty() ? "" : " ") + f;
      have_flags = true;
    }
  }
  return "model name: " + model + "\nflags: " + flags + "\n";
}

// Compares `got` with `want`; on_same_cpu demands identical bits of every double.
void compare(const json& want, const json& got, const std::string& path, bool on_same_cpu) {
  if (want.is_number() && got.is_number()) {
    if (want.is_number_float() || got.is_number_float()) {
      const double a = want.get<double>(), b = got.get<double>();
      if (on_same_cpu) {
        EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0) << path << ": golden " << json(a).dump() << ", now "
                                                     << json(b).dump();
      } else {
        // Rank-normalised statistics (R-hat, bulk ESS) move by ~1/S^2 when two draws
        // that differ only in their last bits swap ranks on another CPU; every other
        // number is held to 1e-9.
        const bool rank_based = path.find("rhat") != std::string::npos || path.find("ess_bulk") != std::string::npos;
        const double tolerance = rank_based ? 1e-6 : 1e-9;
        EXPECT_LE(std::fabs(a - b), tolerance * std::max(std::fabs(a), std::fabs(b))) << path;
      }
    } else {
      EXPECT_EQ(want, got) << path;
    }
    return;
  }
  ASSERT_EQ(want.type_name(), std::string(got.type_name())) << path;
  if (want.is_object()) {
    for (const auto& [k, v] : want.items()) {
      ASSERT_TRUE(got.contains(k)) << path << "." << k << " is missing";
      compare(v, got[k], path + "." + k, on_same_cpu);
    }
    for (const auto& [k, v] : got.items()) EXPECT_TRUE(want.contains(k)) << path << "." << k << " is new";
  } else if (want.is_array()) {
    ASSERT_EQ(want.size(), got.size()) << path;
    for (size_t i = 0; i < want.size(); ++i) compare(want[i], got[i], path + "[" + std::to_string(i) + "]", on_same_cpu);
  } else {
    EXPECT_EQ(want, got) << path;
  }
}

class GoldenSummaries : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenSummaries, SameNumbersAsRecorded) {
  const GoldenCase& c = GetParam();
  const fs::path out = bbg_test::fresh_dir("bbg_golden", c.name);
  std::vector<std::string> args = {"run", (fs::path(BBG_SOURCE_DIR) / c.config).string(), "--threads", "1",
                                   "--no-plots", "--force", "--out", out.string()};
  for (const auto& o : c.overrides) args.insert(args.end(), {"--set", o});
  fs::create_directories(out.parent_path());
  const fs::path log = out.string() + ".log";
  ASSERT_EQ(bbg_test::run_cli(args, log), 0) << bbg_test::slurp(log.string() + ".err");
  const json got = strip_timing(bbg_test::read_json(out / "summary.json"));
  const fs::path golden = kGoldenDir / (c.name + ".json");

  if (std::getenv("BBG_UPDATE_GOLDEN")) {
    std::ofstream(golden) << got.dump(1) << "\n";
    std::ofstream(kGoldenDir / "machine.txt") << machine_fingerprint();
    std::cout << "[ golden ] wrote " << golden << "\n";
  } else {
    ASSERT_TRUE(fs::exists(golden)) << golden;
    const std::string recorded = bbg_test::slurp(kGoldenDir / "machine.txt");
    const std::string here = machine_fingerprint();
    const bool same_cpu = recorded == here;
    if (!same_cpu)
      std::cout << "[ note   ] this CPU differs from the one that recorded " << golden
                << " (library kernels may round differently), so numbers are compared to relative 1e-9, not bit for "
                   "bit.\n  recorded:\n"
                << recorded << "  here:\n" << here;
    compare(bbg_test::read_json(golden), got, c.name, same_cpu);
  }
  fs::remove_all(out);
  fs::remove(log);
  fs::remove(log.string() + ".err");
}

INSTANTIATE_TEST_SUITE_P(Configs, GoldenSummaries, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; });

}  // namespace
