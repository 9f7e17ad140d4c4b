#include "bbg/jobs/commands/run_type_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/jobs/run_job.hpp"

namespace bbg {

namespace {

struct RunArguments {
  RunOptions options;
  int64_t threads = 0;  // 0: not given
};

CommandRun add_run_options(CLI::App& cmd, const RunPlan& plan) {
  auto args = std::make_shared<RunArguments>();
  RunOptions& o = args->options;
  o.plan = plan;
  cmd.add_option("config", o.config_path, "TOML run configuration (default: built-in phi^4 8x8 HMC run)");
  cmd.add_option("--set", o.overrides, "override a key: section.key=value (repeatable)")->take_all();
  cmd.add_option("--out", o.out_dir, "run directory (default: runs/<config name>)");
  cmd.add_flag("--json", o.json, "print the summary as one JSON object on stdout");
  cmd.add_flag("--force", o.force, "overwrite a finished run directory");
  cmd.add_option("--threads", args->threads, "number of threads (overrides the config key `threads`)");
  cmd.add_flag("--no-plots", [&o](int64_t) { o.plots = false; }, "do not draw PNG plots");
  return [args] {
    RunOptions& options = args->options;
    if (args->threads != 0) options.threads = args->threads;
    std::ostringstream table;
    const auto summary = run_job(options, table);
    if (options.json) {
      std::cerr << table.str();
      std::cout << summary.dump() << std::endl;
    } else {
      std::cout << table.str();
    }
    return 0;
  };
}

}  // namespace

CommandEntry run_type_command(const std::string& name, const std::string& help, const RunPlan& plan) {
  return {name, help, plan, true, [plan](CLI::App& cmd) { return add_run_options(cmd, plan); }};
}

}  // namespace bbg
