#include "bbg/jobs/command_registry.hpp"

namespace bbg {

// Each entry is defined in its own file, src/bbg/jobs/commands/<name>_command.cpp.
CommandEntry run_command_entry();
CommandEntry exact_command_entry();
CommandEntry hmc_command_entry();
CommandEntry mcmc_command_entry();
CommandEntry train_command_entry();
CommandEntry convert_command_entry();
CommandEntry targets_command_entry();
CommandEntry sample_command_entry();

const std::vector<CommandEntry>& command_registry() {
  static const std::vector<CommandEntry> registry = {
      run_command_entry(),
      exact_command_entry(),
      hmc_command_entry(),
      mcmc_command_entry(),
      train_command_entry(),
      convert_command_entry(),
      targets_command_entry(),
      sample_command_entry(),
  };
  return registry;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : command_registry()) names.push_back(c.name);
  return names;
}

}  // namespace bbg
