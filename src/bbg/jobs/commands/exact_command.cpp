// `bbg exact`: the target's exact results only; sampler sections are validated, not run.
#include "bbg/jobs/commands/run_type_command.hpp"

namespace bbg {

CommandEntry exact_command_entry() {
  RunPlan plan;
  plan.run_dir_tag = "exact";
  plan.sampler = SamplerDemand::kNone;
  plan.runs_reference_sampler = false;
  plan.model = ModelDemand::kNone;
  plan.prints_exact_observables = true;
  return run_type_command("exact", "exact results only", plan);
}

}  // namespace bbg
