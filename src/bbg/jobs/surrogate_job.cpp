#include "bbg/jobs/surrogate_job.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "bbg/core/errors.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/surrogate/surrogate_study.hpp"
#include "bbg/targets/registry.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {

using nlohmann::json;

namespace {

constexpr double kRhatLimit = 1.01;

// Configurations of exact MC with this run's [mcmc] settings on the target at temperature T
// (target.beta = 1 / T), for the surrogate's training set.
at::Tensor pool_at_temperature(const RunSetup& run, double temperature, int64_t index) {
  Config config = Config::from_string(run.config.resolved_toml(), run.config.source());
  char beta[64];
  std::snprintf(beta, sizeof beta, "target.beta=%.17g", 1.0 / temperature);
  config.apply_override(beta);
  const std::shared_ptr<Target> target = make_target(config.section("target"));
  SpinMcmcSettings settings = *run.mcmc;
  settings.seed += 1009 * static_cast<uint64_t>(index + 1);
  const int64_t sites = target->event_size();
  std::vector<double> all;
  all.reserve(static_cast<size_t>(settings.chains * settings.samples * sites));
  run_spin_mcmc(*target, settings, [&](int64_t, int64_t count, const std::vector<double>& data) {
    all.insert(all.end(), data.begin(), data.begin() + settings.chains * count * sites);
  });
  std::vector<int64_t> shape = {static_cast<int64_t>(all.size()) / sites};
  for (int64_t d : target->event_shape()) shape.push_back(d);
  return at::tensor(all, at::kDouble).reshape(shape);
}

std::string method_key(const MethodResult& m) {
  return m.surrogate.empty() || m.surrogate == "linear" ? m.method : m.method + "/" + m.surrogate;
}

json method_json(const MethodResult& m, const json& exact) {
  json obs = json::object();
  for (const MethodObservable& o : m.observables) {
    json e = {{"value", io::finite_or_null(o.value)}, {"error", io::finite_or_null(o.error)}};
    if (m.method == "draws") {
      e["epistemic"] = io::finite_or_null(o.epistemic);
      e["total_error"] = io::finite_or_null(std::sqrt(o.error * o.error + o.epistemic * o.epistemic));
    } else {
      e["tau_int"] = io::finite_or_null(o.tau_int);
    }
    if (exact.contains(o.name) && exact[o.name].is_number()) e["exact"] = exact[o.name];
    obs[o.name] = e;
  }
  return {{"method", m.method},
          {"surrogate", m.surrogate},
          {"description", m.description},
          {"observables", obs},
          {"acceptance", io::finite_or_null(m.acceptance)},
          {"proposals", m.proposals},
          {"exact_evaluations", m.exact_evaluations},
          {"exact_evaluations_per_effective_sample",
           m.effective_samples > 0 ? io::finite_or_null(m.exact_evaluations / m.effective_samples) : json()},
          {"measured_configurations", m.measured_configurations},
          {"seconds", m.seconds}};
}

json network_json(const NetworkFit& f) {
  return {{"sampler", f.sampler},
          {"network", f.network},
          {"prior", f.prior},
          {"adjusted", f.adjusted},
          {"parameters", f.parameters},
          {"training_configurations", f.data},
          {"members", f.members},
          {"diverged_members", f.diverged_members},
          {"noise_sigma", io::finite_or_null(f.noise_sigma)},
          {"train_rmse", io::finite_or_null(f.train_rmse)},
          {"holdout_rmse", io::finite_or_null(f.holdout_rmse)},
          {"member_holdout_rmse", io::finite_or_null(f.member_holdout_rmse)},
          {"rhat_log_likelihood", f.rhat_log_likelihood > 0 ? io::finite_or_null(f.rhat_log_likelihood) : json()},
          {"max_prediction_rhat", f.max_prediction_rhat > 0 ? io::finite_or_null(f.max_prediction_rhat) : json()},
          {"gradient_evaluations", f.gradient_evaluations},
          {"seconds", f.seconds},
          {"meaning",
           "E_net = c sum_i g(s_i s_{i+d}), posterior over the weights by the sampler (ensemble: independent MAP "
           "fits); members: the K draws used by every method; rmse of the members' mean (and of single members) "
           "against the exact action on held-out configurations"}};
}

// One block of the table: exact | the exact MC method | each method of one surrogate.
void print_block(std::ostream& table, const std::string& heading, const std::vector<const MethodResult*>& methods,
                 const json& exact) {
  if (methods.empty()) return;
  char line[256];
  table << "\n" << heading << "\n";
  std::snprintf(line, sizeof line, "%-14s %-12s", "observable", "exact");
  table << line;
  for (const MethodResult* m : methods) {
    std::snprintf(line, sizeof line, " %-28s", (m->method + (m->method == "draws" ? " (ale, epi)" : "")).c_str());
    table << line;
  }
  table << "\n";
  for (size_t a = 0; a < methods.front()->observables.size(); ++a) {
    const std::string& name = methods.front()->observables[a].name;
    std::string ex = exact.contains(name) && exact[name].is_number() ? std::to_string(exact[name].get<double>()) : "-";
    std::snprintf(line, sizeof line, "%-14s %-12.12s", name.c_str(), ex.c_str());
    table << line;
    for (const MethodResult* m : methods) {
      const MethodObservable& o = m->observables[a];
      if (m->method == "draws")
        std::snprintf(line, sizeof line, " %-28s",
                      (std::to_string(o.value).substr(0, 9) + " (" + std::to_string(o.error).substr(0, 7) + ", " +
                       std::to_string(o.epistemic).substr(0, 7) + ")")
                          .c_str());
      else
        std::snprintf(line, sizeof line, " %-28s",
                      (std::to_string(o.value).substr(0, 9) + " +- " + std::to_string(o.error).substr(0, 7)).c_str());
      table << line;
    }
    table << "\n";
  }
  // One row of a per-method number: the label, then each method's cell in `format`.
  auto method_row = [&](const char* label, const char* format, const std::function<double(const MethodResult&)>& get,
                        bool integer) {
    std::snprintf(line, sizeof line, "%-27s", label);
    table << line;
    for (const MethodResult* m : methods) {
      if (integer)
        std::snprintf(line, sizeof line, format, static_cast<long long>(get(*m)));
      else
        std::snprintf(line, sizeof line, format, get(*m));
      table << line;
    }
    table << "\n";
  };
  method_row(
      "acceptance", " %-28.4f", [](const MethodResult& m) { return m.acceptance; }, false);
  method_row(
      "exact evaluations", " %-28lld", [](const MethodResult& m) { return static_cast<double>(m.exact_evaluations); },
      true);
  method_row(
      "seconds", " %-28.3g", [](const MethodResult& m) { return m.seconds; }, false);
}

}  // namespace

void run_surrogate_part(const RunSetup& run, io::RunDirectory& dir, json& summary, std::ostream& table) {
  const Target& target = *run.target;
  const SurrogateSettings& settings = *run.surrogate;
  const std::string file = dir.file(run.reference->file);
  if (!std::filesystem::exists(file)) throw UserError("[surrogate]: the reference samples " + file + " are missing");
  const at::Tensor pool = load_configurations(file, target.event_shape());
  std::vector<at::Tensor> others;
  for (size_t i = 0; i < settings.train_temperatures.size(); ++i)
    others.push_back(pool_at_temperature(run, settings.train_temperatures[i], static_cast<int64_t>(i)));
  const SurrogateStudy study = run_surrogate_study(target, settings, pool, others);
  json out = json::object();
  json warnings = json::array();
  for (const std::string& unused : settings.network_posterior.unused_keys) warnings.push_back(unused);
  if (!study.fit.feature_names.empty()) {
    const SurrogateFit& f = study.fit;
    json couplings = json::object();
    for (size_t j = 0; j < f.feature_names.size(); ++j)
      couplings[f.feature_names[j]] = {{"mean", f.mean[j]}, {"sd", f.sd[j]}};
    out["fit"] = {{"couplings", couplings},
                  {"noise_sigma", f.noise_sigma},
                  {"log_evidence", f.log_evidence},
                  {"training_configurations", f.data},
                  {"train_rmse", io::finite_or_null(f.train_rmse)},
                  {"holdout_rmse", io::finite_or_null(f.holdout_rmse)},
                  {"seconds", f.seconds},
                  {"meaning",
                   "E_eff = phi . w (dimensionless, like the action), conjugate Gaussian posterior on "
                   "configurations of the reference MCMC; noise sigma by maximum evidence; rmse of the "
                   "posterior mean against the exact action"}};
  }
  json networks = json::object();
  for (const NetworkFit& f : study.networks) {
    networks[f.name] = network_json(f);
    if (f.diverged_members > 0)
      warnings.push_back(f.name + ": " + std::to_string(f.diverged_members) +
                         " drawn members diverged (non-finite weights or energies) and were left out" +
                         (f.members < 2 ? "; fewer than 2 remain, so no method ran on this surrogate (lower the "
                                          "sampler's step)"
                                        : ""));
    if (f.rhat_log_likelihood > kRhatLimit)
      warnings.push_back(f.name + ": R-hat of the log likelihood is " + std::to_string(f.rhat_log_likelihood) +
                         " (> 1.01): the chains have not mixed; the epistemic spread is a lower bound");
    if (!f.adjusted && f.sampler != "ensemble")
      warnings.push_back(f.name + ": " + f.sampler +
                         " is unadjusted (no Metropolis test): its draws are biased at "
                         "finite step");
  }
  if (!networks.empty()) out["networks"] = networks;
  json temperatures = json::array();
  for (const auto& [key, value] : target.parameters())
    if (key == "beta") temperatures.push_back(1.0 / value);
  for (double t : settings.train_temperatures) temperatures.push_back(t);
  out["train_temperatures"] = temperatures;
  const json exact = summary.value("exact", json::object()).value("observables", json::object());
  json methods = json::object();
  for (const MethodResult& m : study.methods) methods[method_key(m)] = method_json(m, exact);
  out["methods"] = methods;
  out["warnings"] = warnings;
  out["error_contains"] =
      "error: aleatoric (Gamma method over chains; for draws, the Monte Carlo error of the mean over the K draw "
      "chains); epistemic (draws only): sd of the observable across posterior draws (or ensemble members) beyond "
      "their Monte Carlo errors; neither contains the bias of the mean surrogate";
  out["exact_evaluations_meaning"] =
      "calls of the exact action by the sampler (warm-up included); measuring the observables on the stored "
      "configurations is counted apart (measured_configurations)";
  summary["surrogate"] = out;

  // exact and generative need no surrogate: they head every block
  std::vector<const MethodResult*> shared;
  for (const MethodResult& m : study.methods)
    if (m.surrogate.empty()) shared.push_back(&m);
  std::vector<std::string> names;
  for (const MethodResult& m : study.methods)
    if (!m.surrogate.empty() && std::find(names.begin(), names.end(), m.surrogate) == names.end())
      names.push_back(m.surrogate);
  if (names.empty()) print_block(table, "surrogate Monte Carlo: no surrogate", shared, exact);
  for (const std::string& name : names) {
    std::vector<const MethodResult*> block = shared;
    for (const MethodResult& m : study.methods)
      if (m.surrogate == name) block.push_back(&m);
    std::string heading;
    if (name == "linear") {
      const SurrogateFit& f = study.fit;
      heading = "surrogate linear: E_eff on " + std::to_string(f.data) + " configurations, " +
                std::to_string(f.feature_names.size()) + " couplings, sigma = " + std::to_string(f.noise_sigma) +
                ", held-out rmse = " + std::to_string(f.holdout_rmse);
    } else {
      for (const NetworkFit& f : study.networks)
        if (f.name == name)
          heading = "surrogate " + name + ": " + f.network + ", " + std::to_string(f.parameters) + " weights, " +
                    std::to_string(f.members) + " members on " + std::to_string(f.data) +
                    " configurations, held-out rmse = " + std::to_string(f.holdout_rmse) + " (single member " +
                    std::to_string(f.member_holdout_rmse) + ")" +
                    (f.rhat_log_likelihood > 0 ? ", R-hat(log lik) = " + std::to_string(f.rhat_log_likelihood) : "");
    }
    print_block(table, heading, block, exact);
  }
  for (const MethodResult* m : shared)
    if (m->method == "generative") table << "(generative: " << m->description << ")\n";
  if (study.train_temperatures > 1)
    table << "(trained on configurations from " << study.train_temperatures << " temperatures)\n";
  table << "(errors: Monte Carlo (aleatoric); draws: (aleatoric, epistemic); mean and draws are biased by the "
           "surrogate's error, exact / delayed / cumulative / generative are exact, penalty is exact only for Gaussian "
           "errors)\n";
  for (const auto& w : warnings) table << "warning: " << w.get<std::string>() << "\n";
}

}  // namespace bbg
