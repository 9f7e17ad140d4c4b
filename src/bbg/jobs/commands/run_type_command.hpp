// The entry of a run-type command (run, exact, hmc, mcmc, train): the options
// they share (config, --set, --out, --json, --force, --threads, --no-plots) and
// run_job with the command's plan; the table goes to stdout, or to stderr under
// --json with the summary on stdout.
#pragma once
#include <string>

#include "bbg/jobs/command_registry.hpp"

namespace bbg {

CommandEntry run_type_command(const std::string& name, const std::string& help, const RunPlan& plan);

}  // namespace bbg
