// `bbg sample RUN_DIR -n N`: N more draws from a finished run's trained model
// (sample_job in model_job.hpp).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/jobs/command_registry.hpp"
#include "bbg/jobs/model_job.hpp"

namespace bbg {

namespace {

struct SampleArguments {
  std::string run_dir;
  int64_t samples = 100000;
  int64_t threads = 0;  // 0: the run's own setting
  bool json = false;
};

CommandRun add_sample_options(CLI::App& cmd) {
  auto args = std::make_shared<SampleArguments>();
  cmd.add_option("run_dir", args->run_dir, "run directory of a finished `bbg run` with a [model]")->required();
  cmd.add_option("-n", args->samples, "number of samples");
  cmd.add_option("--threads", args->threads, "number of threads");
  cmd.add_flag("--json", args->json, "print the estimates as one JSON object on stdout");
  return [args] {
    const std::optional<int64_t> threads = args->threads != 0 ? std::optional<int64_t>(args->threads) : std::nullopt;
    std::ostringstream table;
    const auto result = sample_job(args->run_dir, args->samples, threads, table);
    (args->json ? std::cerr : std::cout) << table.str();
    if (args->json) std::cout << result.dump() << std::endl;
    return 0;
  };
}

}  // namespace

CommandEntry sample_command_entry() {
  return {"sample", "draw N more samples from a run's trained model: NIS, NMCMC, mode dropping", std::nullopt, true,
          add_sample_options};
}

}  // namespace bbg
