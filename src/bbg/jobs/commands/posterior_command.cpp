// `bbg posterior CONFIG`: the posterior over a network's weights (posterior_job.hpp).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/jobs/command_registry.hpp"
#include "bbg/jobs/posterior_job.hpp"

namespace bbg {

namespace {

struct PosteriorArguments {
  PosteriorOptions options;
  bool json = false;
};

CommandRun add_posterior_options(CLI::App& cmd) {
  auto args = std::make_shared<PosteriorArguments>();
  PosteriorOptions& o = args->options;
  cmd.add_option("config", o.config_path, "TOML configuration with [data], [model], [prior], [likelihood], [bayes]")
      ->required();
  cmd.add_option("--set", o.overrides, "override a key: section.key=value (repeatable)")->take_all();
  cmd.add_option("--out", o.out_dir, "run directory (default: runs/<config name>-posterior)");
  cmd.add_flag("--json", args->json, "print the summary as one JSON object on stdout");
  cmd.add_flag("--force", o.force, "overwrite a finished run directory");
  cmd.add_option("--threads", o.threads, "number of threads (overrides the config key `threads`)");
  cmd.add_flag(
      "--no-plots", [&o](int64_t) { o.plots = false; }, "do not draw PNG plots");
  return [args] {
    std::ostringstream table;
    const auto summary = posterior_job(args->options, table);
    (args->json ? std::cerr : std::cout) << table.str();
    if (args->json) std::cout << summary.dump() << std::endl;
    return 0;
  };
}

}  // namespace

CommandEntry posterior_command_entry() {
  return {"posterior",
          "sample the posterior over a network's weights (NUTS, HMC, MALA, RWM, penalty MH, SGLD, pSGLD, SGHMC, BAOAB, "
          "ensembles) with R-hat, ESS and predictive checks",
          std::nullopt, true, add_posterior_options};
}

}  // namespace bbg
