// The surrogate part of `bbg run` ([surrogate] on a spin target; docs/surrogate_mc.md):
// fits the Bayesian effective Hamiltonian on the run's reference configurations, runs each
// Monte Carlo method, adds summary["surrogate"] and prints the side-by-side table with the
// aleatoric and epistemic errors apart.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

namespace io {
class RunDirectory;
}

void run_surrogate_part(const RunSetup& run, io::RunDirectory& dir, nlohmann::json& summary, std::ostream& table);

}  // namespace bbg
