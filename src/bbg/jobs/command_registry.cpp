#include "bbg/jobs/command_registry.hpp"

namespace bbg {

// The registration list, in `bbg --help` order: one line per command, naming the
// function its file src/bbg/jobs/commands/<name>_command.cpp defines.
#define BBG_COMMANDS(X)    \
  X(run_command_entry)     \
  X(exact_command_entry)   \
  X(hmc_command_entry)     \
  X(mcmc_command_entry)    \
  X(train_command_entry)   \
  X(posterior_command_entry) \
  X(convert_command_entry) \
  X(targets_command_entry) \
  X(sample_command_entry)

#define BBG_DECLARE_COMMAND(f) CommandEntry f();
BBG_COMMANDS(BBG_DECLARE_COMMAND)
#undef BBG_DECLARE_COMMAND

const std::vector<CommandEntry>& command_registry() {
#define BBG_LIST_COMMAND(f) f(),
  static const std::vector<CommandEntry> registry = {BBG_COMMANDS(BBG_LIST_COMMAND)};
#undef BBG_LIST_COMMAND
  return registry;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : command_registry()) names.push_back(c.name);
  return names;
}

}  // namespace bbg
