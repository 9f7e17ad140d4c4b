#include "bbg/jobs/report.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "bbg/io/json_summary.hpp"
#include "bbg/io/plots.hpp"

namespace bbg {

using nlohmann::json;

json target_json(const Target& target) {
  json params = json::object();
  for (const auto& [k, v] : target.parameters()) params[k] = v;
  return {{"kind", target.kind()},
          {"shape", target.event_shape()},
          {"sites", target.event_size()},
          {"parameters", params},
          {"description", target.describe()}};
}

json exact_json(const Target& target, const ExactResults& exact) {
  json j = json::object();
  if (!exact.available()) return j;
  if (exact.log_z) {
    j["log_z"] = io::finite_or_null(*exact.log_z);
    j["f"] = io::finite_or_null(-*exact.log_z);
    j["f_per_site"] = io::finite_or_null(-*exact.log_z / static_cast<double>(target.event_size()));
  }
  json obs = json::object();
  for (const auto& [k, v] : exact.observables) obs[k] = io::finite_or_null(v);
  j["observables"] = obs;
  j["method"] = exact.method;
  return j;
}

json estimates_json(const std::vector<ObservableEstimate>& estimates) {
  json obs = json::object();
  for (const auto& e : estimates) {
    const auto& s = e.stats;
    json o = {{"value", io::finite_or_null(s.value)},
              {"error", io::finite_or_null(s.error)},
              {"tau_int", io::finite_or_null(s.tau_int)},
              {"tau_int_error", io::finite_or_null(s.tau_int_error)},
              {"naive_error", io::finite_or_null(s.naive_error)},
              {"window", s.window},
              {"n", s.n},
              {"rhat", io::finite_or_null(s.rhat)},
              {"ess_bulk", io::finite_or_null(s.ess_bulk)},
              {"description", e.description}};
    if (e.derived) o["jackknife_error"] = io::finite_or_null(s.jackknife_error);
    obs[e.name] = o;
  }
  return obs;
}

json conventions_json() {
  return {{"error", "one standard error of the Monte Carlo (aleatoric) uncertainty, autocorrelations included "
                    "by the Gamma method (Wolff 2004); derived quantities by linear error propagation"},
          {"tau_int", "integrated autocorrelation time tau_int = 1/2 + sum_{t=1}^{W} rho(t) in units of stored "
                      "samples, automatic window W (S = 1.5); tau_int = 1/2 means uncorrelated"},
          {"f", "F = -ln Z of the whole lattice; f_per_site = F / V"},
          {"action", "p(x) = exp(-S(x)) / Z; Ising S = beta E; phi4 in the hopping form (docs/conventions.md)"},
          {"rhat", "split rank-normalized R-hat (max of bulk and folded), Vehtari et al. 2021"}};
}

namespace {

bool per_time_entry(const std::string& name) { return name.find('[') != std::string::npos; }

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void print_comparison(std::ostream& os, const std::string& sampler_label, const ExactResults& exact,
                      const std::vector<ObservableEstimate>& estimates) {
  char line[256];
  std::snprintf(line, sizeof line, "%-20s %14s   %-26s %10s %8s\n", "observable", "exact", sampler_label.c_str(),
                "tau_int", "dev/err");
  os << line;
  for (const auto& e : estimates) {
    if (per_time_entry(e.name)) continue;
    auto it = exact.observables.find(e.name);
    const std::string ex = it == exact.observables.end() ? "-" : fmt(it->second);
    const std::string est = fmt(e.stats.value) + " +- " + fmt(e.stats.error);
    std::string dev = "-";
    if (it != exact.observables.end() && e.stats.error > 0) {
      char b[32];
      std::snprintf(b, sizeof b, "%+.2f", (e.stats.value - it->second) / e.stats.error);
      dev = b;
    }
    std::snprintf(line, sizeof line, "%-20s %14s   %-26s %10s %8s\n", e.name.c_str(), ex.c_str(), est.c_str(),
                  fmt(e.stats.tau_int).c_str(), dev.c_str());
    os << line;
  }
}

void draw_plots(const std::string& run_dir, std::ostream& table) {
  const io::PlotOutcome plots = io::make_plots(run_dir);
  if (plots.ran) {
    table << "plots:";
    for (const auto& name : plots.written) table << " " << name;
    table << "\n";
  } else {
    table << "warning: " << plots.message << "\n";
  }
}

}  // namespace bbg
