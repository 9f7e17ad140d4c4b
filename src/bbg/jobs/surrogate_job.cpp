#include "bbg/jobs/surrogate_job.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "bbg/core/errors.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/surrogate/surrogate_study.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {

using nlohmann::json;

void run_surrogate_part(const RunSetup& run, io::RunDirectory& dir, json& summary, std::ostream& table) {
  const Target& target = *run.target;
  const std::string file = dir.file(run.reference->file);
  if (!std::filesystem::exists(file)) throw UserError("[surrogate]: the reference samples " + file + " are missing");
  const at::Tensor pool = load_configurations(file, target.event_shape());
  const SurrogateStudy study = run_surrogate_study(target, *run.surrogate, pool);
  const SurrogateFit& f = study.fit;
  json couplings = json::object();
  for (size_t j = 0; j < f.feature_names.size(); ++j)
    couplings[f.feature_names[j]] = {{"mean", f.mean[j]}, {"sd", f.sd[j]}};
  json out = {{"fit",
               {{"couplings", couplings},
                {"noise_sigma", f.noise_sigma},
                {"log_evidence", f.log_evidence},
                {"training_configurations", f.data},
                {"train_rmse", io::finite_or_null(f.train_rmse)},
                {"holdout_rmse", io::finite_or_null(f.holdout_rmse)},
                {"seconds", f.seconds},
                {"meaning",
                 "E_eff = phi . w (dimensionless, like the action), conjugate Gaussian posterior on "
                 "configurations of the reference MCMC; noise sigma by maximum evidence; rmse of the "
                 "posterior mean against the exact action"}}}};
  const json exact = summary.value("exact", json::object()).value("observables", json::object());
  json methods = json::object();
  for (const MethodResult& m : study.methods) {
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
    methods[m.method] = {
        {"observables", obs},
        {"acceptance", io::finite_or_null(m.acceptance)},
        {"proposals", m.proposals},
        {"exact_evaluations", m.exact_evaluations},
        {"exact_evaluations_per_effective_sample",
         m.effective_samples > 0 ? io::finite_or_null(m.exact_evaluations / m.effective_samples) : json()},
        {"measured_configurations", m.measured_configurations},
        {"seconds", m.seconds}};
  }
  out["methods"] = methods;
  out["error_contains"] =
      "error: aleatoric (Gamma method over chains; for draws, the Monte Carlo error of the mean over the K draw "
      "chains); epistemic (draws only): sd of the observable across posterior draws of the couplings beyond their "
      "Monte Carlo errors; neither contains the bias of the mean surrogate";
  out["exact_evaluations_meaning"] =
      "calls of the exact action by the sampler (warm-up included); measuring the observables on the stored "
      "configurations is counted apart (measured_configurations)";
  summary["surrogate"] = out;

  table << "\nsurrogate: E_eff on " << f.data << " configurations, " << f.feature_names.size()
        << " couplings, sigma = " << f.noise_sigma << ", held-out rmse = " << f.holdout_rmse << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-14s %-12s", "observable", "exact");
  table << line;
  for (const MethodResult& m : study.methods) {
    std::snprintf(line, sizeof line, " %-28s", (m.method + (m.method == "draws" ? " (ale, epi)" : "")).c_str());
    table << line;
  }
  table << "\n";
  for (size_t a = 0; a < (study.methods.empty() ? 0 : study.methods.front().observables.size()); ++a) {
    const std::string& name = study.methods.front().observables[a].name;
    std::string ex = exact.contains(name) && exact[name].is_number() ? std::to_string(exact[name].get<double>()) : "-";
    std::snprintf(line, sizeof line, "%-14s %-12.12s", name.c_str(), ex.c_str());
    table << line;
    for (const MethodResult& m : study.methods) {
      const MethodObservable& o = m.observables[a];
      if (m.method == "draws")
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
    for (const MethodResult& m : study.methods) {
      if (integer)
        std::snprintf(line, sizeof line, format, static_cast<long long>(get(m)));
      else
        std::snprintf(line, sizeof line, format, get(m));
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
  table << "(errors: Monte Carlo (aleatoric); draws: (aleatoric, epistemic); mean and draws are biased by the "
           "surrogate's error, exact / delayed / cumulative are exact, penalty is exact only for Gaussian errors)\n";
}

}  // namespace bbg
