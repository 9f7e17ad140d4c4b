// `bbg mcmc`: Metropolis or Wolff on a spin target.
#include "bbg/jobs/commands/run_type_command.hpp"

namespace bbg {

CommandEntry mcmc_command_entry() {
  RunPlan plan;
  plan.run_dir_tag = "mcmc";
  plan.sampler = SamplerDemand::kSpinMcmc;
  plan.model = ModelDemand::kNone;
  return run_type_command("mcmc", "Metropolis or Wolff for a spin target", plan);
}

}  // namespace bbg
