// What a run-type command (run, exact, hmc, mcmc, train; and the set-up of
// `bbg sample`) asks of prepare_run and run_job. The command registry gives
// each command its plan; no code looks at a command's name.
#pragma once
#include <string>

namespace bbg {

// Which sampler section the target must get settings for.
enum class SamplerDemand {
  kNone,         // none; a section that is present is still validated
  kForTarget,    // HMC for a continuous target, Metropolis/Wolff for a spin target
  kHmc,          // HMC; a spin target is an error
  kSpinMcmc,     // Metropolis or Wolff; a target other than ising is an error
};

// Whether a generative model is set up from [model], [train], [sample].
enum class ModelDemand {
  kNone,          // those sections are ignored
  kIfConfigured,  // only when the configuration has a [model] section
  kAlways,        // always (defaults for a missing [model])
};

// The defaults are those of `bbg run`.
struct RunPlan {
  std::string run_dir_tag;  // default run directory runs/<config stem>[-tag]; "" for `bbg run`
  SamplerDemand sampler = SamplerDemand::kForTarget;
  bool runs_reference_sampler = true;     // run the sampler and keep its samples as the reference
  bool ignores_sampler_sections = false;  // [hmc], [mcmc], [free_energy] are allowed and unused
  ModelDemand model = ModelDemand::kIfConfigured;
  bool trains_model = true;  // parse [train]; the set-up of `bbg sample` loads a trained model instead
  bool prints_exact_observables = false;  // the table lists every exact observable
};

}  // namespace bbg
