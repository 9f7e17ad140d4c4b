// Everything a command needs before it runs: the configuration (a file or the
// built-in default) with --set overrides applied, seed and threads, the target,
// the parsed sampler sections, the reference samples it will produce, and the
// run directory. What is set up follows the command's RunPlan.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bbg/bayes/generator_settings.hpp"
#include "bbg/core/config.hpp"
#include "bbg/jobs/reference_samples.hpp"
#include "bbg/jobs/run_plan.hpp"
#include "bbg/mcmc/free_energy.hpp"
#include "bbg/mcmc/hmc.hpp"
#include "bbg/mcmc/spin_mcmc.hpp"
#include "bbg/models/model_spec.hpp"
#include "bbg/sample/sample_settings.hpp"
#include "bbg/surrogate/surrogate_settings.hpp"
#include "bbg/train/train_settings.hpp"

namespace bbg {

class Target;

struct RunOptions {
  RunPlan plan;              // the command's plan (default: that of `bbg run`)
  std::string config_path;   // "" = built-in default
  std::vector<std::string> overrides;
  std::string out_dir;       // "" = runs/<config stem>[-plan.run_dir_tag]
  bool json = false;
  bool force = false;
  bool plots = true;  // PNG plots of a model run (needs python3-matplotlib)
  std::optional<int64_t> threads;
};

// The built-in default run: phi^4 on 8x8 (kappa = 0.2, lambda = 0.022): HMC with ln Z by kappa
// integration, then a flow trained by reverse KL and used for NIS and NMCMC.
const char* default_config_toml();

struct RunSetup {
  Config config;
  uint64_t seed = 1;
  int64_t threads = 1;
  std::shared_ptr<Target> target;
  std::optional<HmcSettings> hmc;                 // continuous targets
  std::optional<FreeEnergySettings> free_energy;  // phi^4 only
  std::optional<SpinMcmcSettings> mcmc;           // spin targets
  std::optional<ReferenceSamples> reference;      // set when the plan runs the reference sampler
  std::optional<ModelSpec> model;                 // [model]: a generative model is trained
  std::optional<TrainSettings> train;
  std::optional<SampleSettings> sample;
  // [bayes] next to a [model]: the posterior over the trained model's weights (bbg run).
  std::optional<bayes::GeneratorBayesSettings> bayes;
  // [surrogate] on a spin target: Monte Carlo with a learned effective Hamiltonian.
  std::optional<SurrogateSettings> surrogate;
  std::string out_dir;
};

// Reads and validates everything (unknown keys included) before any work starts.
RunSetup prepare_run(const RunOptions& options);

// The set-up of a finished run for `bbg sample`: prepare_run on RUN_DIR/config.toml
// (the run's resolved configuration) with the sampler sections parsed but not run
// (reference_for(hmc, mcmc) names the run's reference), the model always set up and
// [train] not parsed (no run.train);
// `threads` overrides the configured number of threads.
RunSetup prepare_finished_run(const std::string& run_dir, std::optional<int64_t> threads);

}  // namespace bbg
