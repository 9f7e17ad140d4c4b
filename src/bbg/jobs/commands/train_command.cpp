// `bbg train`: the [model] (defaults if absent) trained on the target and sampled,
// with no reference sampling; sampler sections are allowed and unused.
#include "bbg/jobs/commands/run_type_command.hpp"

namespace bbg {

CommandEntry train_command_entry() {
  RunPlan plan;
  plan.run_dir_tag = "train";
  plan.sampler = SamplerDemand::kNone;
  plan.runs_reference_sampler = false;
  plan.ignores_sampler_sections = true;
  plan.model = ModelDemand::kAlways;
  return run_type_command("train", "train the [model] on the target and sample it (no reference MCMC)", plan);
}

}  // namespace bbg
