// `bbg convert`: phi^4 couplings between the hopping and mass conventions
// (targets/phi4_conventions.hpp), and the ln Z shift between them.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "bbg/jobs/command_registry.hpp"
#include "bbg/targets/phi4_conventions.hpp"

namespace bbg {

namespace {

struct ConvertArguments {
  std::string from = "hopping";
  double a = 0, b = 0;
  int64_t dim = 2, volume = 0;
  bool json = false;
};

int convert(const ConvertArguments& args) {
  const double a = args.a, b = args.b;
  const int64_t dim = args.dim, volume = args.volume;
  nlohmann::json out;
  if (args.from == "hopping") {
    const auto m = hopping_to_mass({a, b}, dim);
    out = {{"kappa", a}, {"lambda", b}, {"m2", m.m2}, {"g", m.g}};
    if (volume > 0) out["log_z_mass_minus_log_z_hopping"] = log_z_shift_hopping_to_mass(a, volume);
  } else {
    const auto h = mass_to_hopping({a, b}, dim);
    out = {{"m2", a}, {"g", b}, {"kappa", h.kappa}, {"lambda", h.lambda}};
    if (volume > 0) out["log_z_mass_minus_log_z_hopping"] = log_z_shift_hopping_to_mass(h.kappa, volume);
  }
  out["dimension"] = dim;
  if (args.json) {
    std::cout << out.dump() << "\n";
  } else {
    for (auto it = out.begin(); it != out.end(); ++it) std::cout << it.key() << " = " << it.value() << "\n";
    std::cout << "(hopping: S = sum[-2 kappa sum_mu phi phi' + (1-2 lambda) phi^2 + lambda phi^4]; mass: S = "
                 "sum[(1/2) sum_mu (d_mu phi)^2 + (m2/2) phi^2 + g phi^4], phi_mass = sqrt(2 kappa) phi)\n";
  }
  return 0;
}

CommandRun add_convert_options(CLI::App& cmd) {
  auto args = std::make_shared<ConvertArguments>();
  cmd.add_option("--from", args->from, "hopping (kappa lambda) or mass (m2 g)")
      ->check(CLI::IsMember({"hopping", "mass"}));
  cmd.add_option("a", args->a, "kappa (hopping) or m2 (mass)")->required();
  cmd.add_option("b", args->b, "lambda (hopping) or g (mass)")->required();
  cmd.add_option("--dim", args->dim, "lattice dimension")->check(CLI::Range(1, 4));
  cmd.add_option("--volume", args->volume, "number of sites, to print the ln Z shift");
  cmd.add_flag("--json", args->json, "print JSON");
  return [args] { return convert(*args); };
}

}  // namespace

CommandEntry convert_command_entry() {
  return {"convert", "convert phi^4 couplings between the hopping and mass conventions", std::nullopt, false,
          add_convert_options};
}

}  // namespace bbg
