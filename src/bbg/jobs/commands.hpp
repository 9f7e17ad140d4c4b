// The jobs behind the CLI subcommands. Each validates the whole configuration,
// runs, writes the run directory (config.toml, samples.h5, summary.json last) and
// returns the summary object; the comparison table goes to `table`.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

nlohmann::json run_command(const RunOptions& options, std::ostream& table);

}  // namespace bbg
