// bbg command-line interface: parses arguments and calls the library (jobs/).
// Exit codes: 0 success, 1 internal error, 2 bad input (config, files, options),
// 130 interrupted (Ctrl-C).
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbg/core/allocator.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/jobs/commands.hpp"
#include "bbg/jobs/model_job.hpp"
#include "bbg/targets/phi4_conventions.hpp"
#include "bbg/targets/registry.hpp"

namespace {

void add_run_options(CLI::App* cmd, bbg::RunOptions& o, int64_t& threads) {
  cmd->add_option("config", o.config_path, "TOML run configuration (default: built-in phi^4 8x8 HMC run)");
  cmd->add_option("--set", o.overrides, "override a key: section.key=value (repeatable)")->take_all();
  cmd->add_option("--out", o.out_dir, "run directory (default: runs/<config name>)");
  cmd->add_flag("--json", o.json, "print the summary as one JSON object on stdout");
  cmd->add_flag("--force", o.force, "overwrite a finished run directory");
  cmd->add_option("--threads", threads, "number of threads (overrides the config key `threads`)");
  cmd->add_flag("--no-plots", [&o](int64_t) { o.plots = false; }, "do not draw PNG plots");
}

int convert(const std::string& from, double a, double b, int64_t dim, int64_t volume, bool json) {
  nlohmann::json out;
  if (from == "hopping") {
    const auto m = bbg::hopping_to_mass({a, b}, dim);
    out = {{"kappa", a}, {"lambda", b}, {"m2", m.m2}, {"g", m.g}};
    if (volume > 0) out["log_z_mass_minus_log_z_hopping"] = bbg::log_z_shift_hopping_to_mass(a, volume);
  } else {
    const auto h = bbg::mass_to_hopping({a, b}, dim);
    out = {{"m2", a}, {"g", b}, {"kappa", h.kappa}, {"lambda", h.lambda}};
    if (volume > 0) out["log_z_mass_minus_log_z_hopping"] = bbg::log_z_shift_hopping_to_mass(h.kappa, volume);
  }
  out["dimension"] = dim;
  if (json) {
    std::cout << out.dump() << "\n";
  } else {
    for (auto it = out.begin(); it != out.end(); ++it) std::cout << it.key() << " = " << it.value() << "\n";
    std::cout << "(hopping: S = sum[-2 kappa sum_mu phi phi' + (1-2 lambda) phi^2 + lambda phi^4]; mass: S = "
                 "sum[(1/2) sum_mu (d_mu phi)^2 + (m2/2) phi^2 + g phi^4], phi_mass = sqrt(2 kappa) phi)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  bbg::configure_allocator();
  CLI::App app{"bbg: Boltzmann generators and classic baselines for lattice models"};
  app.require_subcommand(1);
  bbg::RunOptions options;
  int64_t threads = 0;
  for (const auto& [name, help] : std::vector<std::pair<std::string, std::string>>{
           {"run", "run the configured job (exact results and the sampler for the target)"},
           {"exact", "exact results only"},
           {"hmc", "HMC for a continuous target (and ln Z by kappa integration for phi4)"},
           {"mcmc", "Metropolis or Wolff for a spin target"},
           {"train", "train the [model] on the target and sample it (no reference MCMC)"}}) {
    auto* cmd = app.add_subcommand(name, help);
    add_run_options(cmd, options, threads);
  }
  std::string from = "hopping";
  double a = 0, b = 0;
  int64_t dim = 2, volume = 0;
  bool convert_json = false;
  auto* conv = app.add_subcommand("convert", "convert phi^4 couplings between the hopping and mass conventions");
  conv->add_option("--from", from, "hopping (kappa lambda) or mass (m2 g)")->check(CLI::IsMember({"hopping", "mass"}));
  conv->add_option("a", a, "kappa (hopping) or m2 (mass)")->required();
  conv->add_option("b", b, "lambda (hopping) or g (mass)")->required();
  conv->add_option("--dim", dim, "lattice dimension")->check(CLI::Range(1, 4));
  conv->add_option("--volume", volume, "number of sites, to print the ln Z shift");
  conv->add_flag("--json", convert_json, "print JSON");
  auto* targets = app.add_subcommand("targets", "list the registered targets with example [target] sections");
  std::string sample_dir;
  int64_t sample_n = 100000;
  bool sample_json = false;
  auto* sample = app.add_subcommand("sample", "draw N more samples from a run's trained model: NIS, NMCMC, mode dropping");
  sample->add_option("run_dir", sample_dir, "run directory of a finished `bbg run` with a [model]")->required();
  sample->add_option("-n", sample_n, "number of samples");
  sample->add_option("--threads", threads, "number of threads");
  sample->add_flag("--json", sample_json, "print the estimates as one JSON object on stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (conv->parsed()) return convert(from, a, b, dim, volume, convert_json);
    if (targets->parsed()) {
      for (const auto& t : bbg::target_registry()) {
        std::cout << t.kind << ": " << t.description << "\n  [target]\n";
        std::istringstream example(t.example);
        for (std::string line; std::getline(example, line);)
          if (!line.empty()) std::cout << "  " << line << "\n";
        std::cout << "\n";
      }
      return 0;
    }
    if (threads != 0) options.threads = threads;
    bbg::install_interrupt_handler();
    if (sample->parsed()) {
      std::ostringstream table;
      const auto result = bbg::sample_command(sample_dir, sample_n, options.threads, table);
      (sample_json ? std::cerr : std::cout) << table.str();
      if (sample_json) std::cout << result.dump() << std::endl;
      return 0;
    }
    for (auto* sub : app.get_subcommands()) options.command = sub->get_name();
    std::ostringstream table;
    const auto summary = bbg::run_command(options, table);
    if (options.json) {
      std::cerr << table.str();
      std::cout << summary.dump() << std::endl;
    } else {
      std::cout << table.str();
    }
    return 0;
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
