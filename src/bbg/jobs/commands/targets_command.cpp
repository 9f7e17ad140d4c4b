// `bbg targets`: the target registry with an example [target] section for each kind.
#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>

#include "bbg/jobs/command_registry.hpp"
#include "bbg/targets/registry.hpp"

namespace bbg {

namespace {

int list_targets() {
  for (const auto& t : target_registry()) {
    std::cout << t.kind << ": " << t.description << "\n  [target]\n";
    std::istringstream example(t.example);
    for (std::string line; std::getline(example, line);)
      if (!line.empty()) std::cout << "  " << line << "\n";
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

CommandEntry targets_command_entry() {
  return {"targets", "list the registered targets with example [target] sections", std::nullopt, false,
          [](CLI::App&) -> CommandRun { return list_targets; }};
}

}  // namespace bbg
