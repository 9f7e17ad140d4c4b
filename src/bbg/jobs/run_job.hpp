// The job behind the run-type commands (run, exact, hmc, mcmc, train): validates
// the whole configuration, runs what options.plan asks for, writes the run
// directory (config.toml, the reference samples, summary.json last) and returns
// the summary object; the comparison table goes to `table`.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

nlohmann::json run_job(const RunOptions& options, std::ostream& table);

}  // namespace bbg
