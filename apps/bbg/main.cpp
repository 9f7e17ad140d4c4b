// bbg command-line interface: builds one subcommand per entry of the command
// registry (jobs/command_registry.hpp), parses the arguments and runs the chosen
// command. Exit codes: 0 success, 1 internal error, 2 bad input (config, files,
// options, unknown command), 130 interrupted (Ctrl-C).
#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "bbg/core/allocator.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/jobs/command_registry.hpp"

namespace {

struct ParsedCommand {
  const bbg::CommandEntry* entry;
  CLI::App* subcommand;
  bbg::CommandRun run;
};

}  // namespace

int main(int argc, char** argv) {
  bbg::configure_allocator();
  CLI::App app{"bbg: Boltzmann generators and classic baselines for lattice models"};
  app.require_subcommand(1);
  std::vector<ParsedCommand> commands;
  for (const auto& entry : bbg::command_registry()) {
    CLI::App* sub = app.add_subcommand(entry.name, entry.help);
    commands.push_back({&entry, sub, entry.add_options(*sub)});
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    for (const auto& c : commands) {
      if (!c.subcommand->parsed()) continue;
      if (c.entry->interruptible) bbg::install_interrupt_handler();
      return c.run();
    }
    return 2;  // unreachable: require_subcommand(1) makes the parser refuse a missing command
  } catch (const bbg::Interrupted& e) {
    std::cerr << "bbg: " << e.what() << "\n";
    return 130;
  } catch (const bbg::UserError& e) {
    std::cerr << "bbg: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "bbg: internal error: " << e.what() << "\n";
    return 1;
  }
}
