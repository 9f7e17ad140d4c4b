// `bbg hmc`: HMC on a continuous target (and ln Z by kappa integration for phi4).
#include "bbg/jobs/commands/run_type_command.hpp"

namespace bbg {

CommandEntry hmc_command_entry() {
  RunPlan plan;
  plan.run_dir_tag = "hmc";
  plan.sampler = SamplerDemand::kHmc;
  plan.model = ModelDemand::kNone;
  return run_type_command("hmc", "HMC for a continuous target (and ln Z by kappa integration for phi4)", plan);
}

}  // namespace bbg
