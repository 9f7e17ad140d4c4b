// The command registry: every `bbg` subcommand with its help line, what it sets
// up and runs, and the function that runs it. main.cpp builds the command line
// from this list only, so a new command is one file in jobs/commands/ plus one
// line in command_registry.cpp (docs/architecture.md, "... a command").
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bbg/jobs/run_plan.hpp"

namespace CLI {
class App;
}

namespace bbg {

// Runs a command with the arguments its options parsed and returns the exit
// status (0). Failures are thrown (core/errors.hpp); the CLI maps them to exit codes.
using CommandRun = std::function<int()>;

struct CommandEntry {
  std::string name;  // `bbg NAME`
  std::string help;  // its line in `bbg --help`
  // What a run-type command (run, exact, hmc, mcmc, train) sets up and runs; none
  // for the others (sample, convert, targets).
  std::optional<RunPlan> run_plan;
  bool interruptible = false;  // Ctrl-C stops it cleanly (checkpoint, exit 130)
  // Adds the command's arguments and options to its CLI11 subcommand, bound to
  // state the returned function owns, and returns that function.
  std::function<CommandRun(CLI::App&)> add_options;
};

// In the order `bbg --help` lists them.
const std::vector<CommandEntry>& command_registry();
std::vector<std::string> command_names();

}  // namespace bbg
