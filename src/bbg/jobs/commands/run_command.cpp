// `bbg run`: exact results, the sampler for the target (HMC or Metropolis/Wolff)
// as the reference, and the [model] trained and sampled when configured.
#include "bbg/jobs/commands/run_type_command.hpp"

namespace bbg {

CommandEntry run_command_entry() {
  return run_type_command("run", "run the configured job (exact results and the sampler for the target)", RunPlan{});
}

}  // namespace bbg
