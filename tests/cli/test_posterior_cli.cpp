// `bbg posterior` from the command line: a run writes the summary (key `posterior`),
// posterior.h5 and the table; bad data and bad keys stop with exit code 2 and a
// message naming the file, the line or key and what is wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bbg/io/h5_writer.hpp"
#include "cli_process.hpp"

namespace {

namespace fs = std::filesystem;
using bbg_test::fresh_dir;
using bbg_test::run_cli;
using bbg_test::slurp;

const fs::path kLinear = fs::path(BBG_SOURCE_DIR) / "configs" / "bayes_linear.toml";

TEST(PosteriorCli, LinearRegressionWritesSummaryTracesAndTable) {
  const fs::path out = fresh_dir("bbg_posterior_cli", "linear");
  const fs::path log = out.string() + ".log";
  ASSERT_EQ(run_cli({"posterior", kLinear.string(), "--out", out.string(), "--no-plots", "--set",
                     "bayes.sampler=[\"nuts\", \"sgld\", \"ensemble\"]", "--set", "bayes.samples=200", "--set",
                     "bayes.warmup=150", "--set", "bayes.ensemble_steps=300"},
                    log),
            0)
      << slurp(log.string() + ".err");
  const auto s = bbg_test::read_json(out / "summary.json");
  ASSERT_TRUE(s.contains("posterior"));
  for (const char* name : {"nuts", "sgld", "ensemble"}) ASSERT_TRUE(s["posterior"].contains(name)) << name;
  const auto& nuts = s["posterior"]["nuts"];
  EXPECT_TRUE(nuts["exact"].get<bool>());
  EXPECT_EQ(nuts["settings"]["nuts_max_depth"].get<int64_t>(), 10);
  EXPECT_EQ(nuts["settings"]["batch_size"].get<int64_t>(), 100);  // nuts always uses the full batch
  EXPECT_EQ(s["posterior"]["sgld"]["settings"]["batch_size"].get<int64_t>(), 25);
  EXPECT_FALSE(s["posterior"]["sgld"]["exact"].get<bool>());
  EXPECT_LT(nuts["log_likelihood"]["rhat"].get<double>(), 1.05);
  EXPECT_EQ(nuts["predictive"]["mean"].size(), 50u);  // held_out_last = 50, one output
  EXPECT_EQ(nuts["predictive"]["sd_epistemic"].size(), 50u);
  EXPECT_GT(nuts["cost"]["gradient_evaluations"].get<double>(), 0.0);
  EXPECT_TRUE(nuts["held_out"].contains("coverage"));
  EXPECT_NE(s["conventions"]["potential"].get<std::string>().find("N/n"), std::string::npos);
  EXPECT_EQ(s["temperature"].get<double>(), 1.0);
  // The sgld and ensemble rows carry their warnings; the config's baoab keys are
  // reported as unused (bayes.sampler was overridden without baoab).
  bool sgld_warned = false, ensemble_warned = false, unused_reported = false;
  for (const auto& w : s["warnings"]) {
    sgld_warned |= w.get<std::string>().rfind("sgld: unadjusted", 0) == 0;
    ensemble_warned |= w.get<std::string>().rfind("ensemble: a deep ensemble", 0) == 0;
    unused_reported |= w.get<std::string>().rfind("bayes.baoab_step_size is set but not used", 0) == 0;
  }
  EXPECT_TRUE(sgld_warned && ensemble_warned && unused_reported) << s["warnings"].dump();
  const std::string table = slurp(log);
  EXPECT_NE(table.find("sampler           exact R-hat(ll)"), std::string::npos) << table;
  bbg::io::H5Reader h5((out / "posterior.h5").string());
  EXPECT_EQ(h5.dims("nuts/log_likelihood"), (std::vector<int64_t>{4, 200}));
  EXPECT_EQ(h5.dims("nuts/predictive_mean"), (std::vector<int64_t>{4, 200, 50}));
  EXPECT_EQ(h5.dims("nuts/weights"), (std::vector<int64_t>{4, 20, 3}));
  EXPECT_EQ(h5.dims("ensemble/weights"), (std::vector<int64_t>{4, 1, 3}));
  EXPECT_TRUE(h5.has("data/held_targets"));
  // A finished run is not overwritten without --force.
  EXPECT_EQ(run_cli({"posterior", kLinear.string(), "--out", out.string(), "--no-plots"}, log), 2);
  fs::remove_all(out);
}

TEST(PosteriorCli, BadDataStopsWithExitTwoNamingFileLineAndColumn) {
  const fs::path dir = fresh_dir("bbg_posterior_cli", "bad");
  fs::create_directories(dir);
  const fs::path data = dir / "d.csv";
  std::ofstream(data) << "x,y\n1.0,2.0\n2.0,nan\n3.0,1.0\n";
  const fs::path config = dir / "c.toml";
  std::ofstream(config) << "[data]\nfile = \"d.csv\"\ninputs = [\"x\"]\ntargets = [\"y\"]\n"
                           "[model]\nhidden = [4]\n[bayes]\nsampler = \"sgld\"\n";
  const fs::path log = dir / "log";
  EXPECT_EQ(run_cli({"posterior", config.string(), "--out", (dir / "out").string()}, log), 2);
  const std::string err = slurp(log.string() + ".err");
  EXPECT_NE(err.find("d.csv"), std::string::npos) << err;
  EXPECT_NE(err.find("line 3"), std::string::npos) << err;
  EXPECT_NE(err.find("y"), std::string::npos) << err;
  // A missing column lists the available ones.
  std::ofstream(config) << "[data]\nfile = \"d.csv\"\ninputs = [\"z\"]\ntargets = [\"y\"]\n";
  EXPECT_EQ(run_cli({"posterior", config.string(), "--out", (dir / "out").string()}, log), 2);
  const std::string err2 = slurp(log.string() + ".err");
  EXPECT_NE(err2.find("z"), std::string::npos) << err2;
  EXPECT_NE(err2.find("x"), std::string::npos) << err2;
  EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));
  fs::remove_all(dir);
}

}  // namespace
