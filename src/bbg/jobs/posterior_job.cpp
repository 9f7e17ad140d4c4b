#include "bbg/jobs/posterior_job.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bbg/bayes/posterior_analysis.hpp"
#include "bbg/bayes/posterior_config.hpp"
#include "bbg/bayes/posterior_run.hpp"
#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/io/h5_writer.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/jobs/report.hpp"

namespace bbg {

using bayes::PosteriorAnalysis;
using bayes::PosteriorRunResult;
using nlohmann::json;

namespace {

constexpr double kRhatLimit = 1.01;
constexpr double kEssLimit = 100.0;

json conventions() {
  return {{"potential",
           "U(theta) = [-log p(theta) - (N/n) sum_{i in batch} log p(y_i | x_i, theta)] / T; the "
           "posterior is proportional to exp(-U); T = 1 is the Bayesian posterior, T < 1 a cold one; the "
           "likelihood is a sum over the data (not a mean), N/n makes minibatch estimates unbiased"},
          {"predictive",
           "mean = average over draws of E[y | x, theta]; sd_epistemic = spread of that mean over draws; "
           "sd_aleatoric = sqrt(average over draws of Var[y | x, theta]); sd_total^2 = sum of both"},
          {"errors",
           "mean_error = Monte Carlo error of the predictive mean, sqrt(epistemic variance / bulk ESS); "
           "coverage_error = binomial sd of the coverage of a calibrated band; lppd has no error bar"},
          {"diagnostics",
           "split rank-normalised R-hat and bulk ESS (Vehtari et al. 2021) of the training log "
           "likelihood and of every held-out predictive mean; flagged above R-hat 1.01 or below ESS 100"},
          {"cost",
           "gradient_evaluations and value_evaluations count minibatch evaluations; data_passes = "
           "(gradient + value evaluations) * n / N; init = prior draw or MAP (Adam), warm-up counted apart"},
          {"docs", "docs/bayes.md"}};
}

json diagnostics_json(const bayes::QuantityDiagnostics& d) {
  return {{"mean", io::finite_or_null(d.mean)},
          {"sd", io::finite_or_null(d.sd)},
          {"rhat", io::finite_or_null(d.rhat)},
          {"ess_bulk", io::finite_or_null(d.ess_bulk)}};
}

// Warnings a reader must see beside the numbers.
std::vector<std::string> warnings_for(const PosteriorRunResult& r, const PosteriorAnalysis& a) {
  std::vector<std::string> w;
  const std::string who = r.sampler + ": ";
  if (r.sampler == "ensemble") {
    w.push_back(who +
                "a deep ensemble is not a posterior sampler: its spread is not a posterior spread, and it has no "
                "R-hat or ESS");
    return w;
  }
  if (!(a.log_likelihood.rhat <= kRhatLimit))
    w.push_back(who + "R-hat of the log likelihood is " + std::to_string(a.log_likelihood.rhat) +
                " > 1.01: the chains disagree (not converged, or in different modes)");
  if (!(a.max_prediction_rhat <= kRhatLimit) && r.held_out > 0)
    w.push_back(who + "max R-hat of the held-out predictions is " + std::to_string(a.max_prediction_rhat) + " > 1.01");
  if (!(a.min_ess >= kEssLimit))
    w.push_back(who + "bulk ESS is only " + std::to_string(a.min_ess) + " (< 100): error bars are unreliable");
  if (!r.adjusted)
    w.push_back(who + "unadjusted sampler (no Metropolis test): its draws carry a step-size bias (docs/bayes.md)");
  if (r.adjusted && r.transitions > 0) {
    const double acc = static_cast<double>(r.accepted) / static_cast<double>(r.transitions);
    if (acc < 0.05) w.push_back(who + "acceptance rate " + std::to_string(acc) + " < 0.05: the chains barely move");
  }
  return w;
}

// The [bayes] settings the sampler read (its prefixed keys and the shared ones it uses).
json settings_json(const std::string& name, const bayes::PosteriorSettings& s, int64_t batch_size) {
  json j = {{"chains", s.chains},
            {"warmup", s.warmup},
            {"samples", s.samples},
            {"thin", s.thin},
            {"batch_size", batch_size},
            {"temperature", s.temperature},
            {"init", name == "ensemble" ? "prior draw + Adam (the member's fit)" : s.init}};
  const bool schedule = name == "sgld" || name == "psgld" || name == "sghmc";
  if (name == "hmc" || name == "nuts" || name == "mala" || name == "rwm") j["adapt_mass"] = s.adapt_mass;
  if (name == "hmc") j["hmc_step_size"] = s.hmc_step_size, j["hmc_trajectory_length"] = s.hmc_trajectory_length;
  if (name == "nuts") j["nuts_step_size"] = s.nuts_step_size, j["nuts_max_depth"] = s.nuts_max_depth;
  if (name == "mala") j["mala_step_size"] = s.mala_step_size;
  if (name == "rwm") j["rwm_scale"] = s.rwm_scale;
  if (schedule) {
    j["schedule"] = s.schedule;
    if (s.schedule == "polynomial") j["decay_b"] = s.decay_b, j["decay_gamma"] = s.decay_gamma;
    if (s.schedule == "cyclical") j["cycles"] = s.cycles, j["exploration"] = s.exploration;
  }
  if (name == "sgld") j["sgld_step_size"] = s.sgld_step_size;
  if (name == "psgld")
    j["psgld_step_size"] = s.psgld_step_size, j["psgld_alpha"] = s.psgld_alpha, j["psgld_lambda"] = s.psgld_lambda;
  if (name == "sghmc")
    j["sghmc_learning_rate"] = s.sghmc_learning_rate, j["sghmc_friction"] = s.sghmc_friction,
    j["sghmc_noise_estimate"] = s.sghmc_noise_estimate;
  if (name == "baoab") j["baoab_step_size"] = s.baoab_step_size, j["baoab_friction"] = s.baoab_friction;
  if (name == "penalty") j["penalty_scale"] = s.penalty_scale;
  if (name == "penalty_langevin") j["penalty_langevin_step_size"] = s.penalty_langevin_step_size;
  if (name == "penalty" || name == "penalty_langevin")
    j["penalty_minibatches"] = s.penalty_minibatches, j["penalty_correction"] = s.penalty_correction;
  if (name == "ensemble")
    j["ensemble_steps"] = s.ensemble_steps, j["ensemble_learning_rate"] = s.ensemble_learning_rate;
  if (name != "ensemble" && s.init == "map") j["map_steps"] = s.map_steps, j["map_learning_rate"] = s.map_learning_rate;
  return j;
}

json sampler_json(const PosteriorRunResult& r, const PosteriorAnalysis& a, const bayes::PosteriorSettings& s) {
  json tuned = json::object();
  for (const auto& [k, v] : r.tuned) tuned[k] = io::finite_or_null(v);
  const double ess = a.min_ess;
  const double data_passes = static_cast<double>(r.gradient_evaluations + r.value_evaluations) *
                             static_cast<double>(r.batch_size) / static_cast<double>(r.data_size);
  json j = {{"description", bayes::posterior_sampler_description(r.sampler)},
            {"exact", r.adjusted},
            {"settings", settings_json(r.sampler, s, r.batch_size)},
            {"chains", r.chains},
            {"draws_per_chain", r.draws},
            {"tuned", tuned},
            {"batch_size", r.batch_size},
            {"data_size", r.data_size},
            {"parameters", r.parameters},
            {"log_likelihood", diagnostics_json(a.log_likelihood)},
            {"log_posterior", diagnostics_json(a.log_posterior)},
            {"max_prediction_rhat", io::finite_or_null(a.max_prediction_rhat)},
            {"min_prediction_ess", io::finite_or_null(a.min_prediction_ess)},
            {"min_ess", io::finite_or_null(ess)}};
  if (r.adjusted && r.transitions > 0) {
    j["acceptance_rate"] = static_cast<double>(r.accepted) / static_cast<double>(r.transitions);
    j["mean_acceptance_statistic"] = r.acceptance_statistic_sum / static_cast<double>(r.transitions);
  }
  j["cost"] = {{"gradient_evaluations", r.gradient_evaluations},
               {"value_evaluations", r.value_evaluations},
               {"warmup_gradient_evaluations", r.warmup_gradient_evaluations},
               {"init_gradient_evaluations", r.init_gradient_evaluations},
               {"data_passes", data_passes},
               {"gradient_evaluations_per_effective_sample",
                io::finite_or_null(static_cast<double>(r.gradient_evaluations) / ess)},
               {"evaluations_per_effective_sample",
                io::finite_or_null(static_cast<double>(r.gradient_evaluations + r.value_evaluations) / ess)},
               {"data_passes_per_effective_sample", io::finite_or_null(data_passes / ess)},
               {"init_seconds", r.init_seconds},
               {"warmup_seconds", r.warmup_seconds},
               {"seconds", r.seconds}};
  j["held_out"] = {{"points", r.held_out},
                   {"lppd", io::finite_or_null(a.lppd)},
                   {"lppd_per_point", io::finite_or_null(a.lppd_per_point)}};
  if (a.coverage >= 0.0) {
    j["held_out"]["band"] = s.band;
    j["held_out"]["coverage"] = a.coverage;
    j["held_out"]["coverage_error"] = a.coverage_error;
  }
  if (a.accuracy >= 0.0) j["held_out"]["accuracy"] = a.accuracy;
  j["predictive"] = {
      {"mean", io::finite_or_null(a.predictive_mean)},      {"mean_error", io::finite_or_null(a.mean_error)},
      {"sd_epistemic", io::finite_or_null(a.sd_epistemic)}, {"sd_aleatoric", io::finite_or_null(a.sd_aleatoric)},
      {"sd_total", io::finite_or_null(a.sd_total)},         {"rhat", io::finite_or_null(a.prediction_rhat)},
      {"ess_bulk", io::finite_or_null(a.prediction_ess)}};
  if (!a.lower.empty()) {
    j["predictive"]["lower"] = io::finite_or_null(a.lower);
    j["predictive"]["upper"] = io::finite_or_null(a.upper);
  }
  j["warnings"] = warnings_for(r, a);
  return j;
}

// [chains][draws][width] of record elements [offset, offset + width).
std::vector<double> record_block(const PosteriorRunResult& r, int64_t offset, int64_t width) {
  std::vector<double> out;
  out.reserve(static_cast<size_t>(r.chains * r.draws * width));
  for (const auto& rec : r.records)
    for (int64_t t = 0; t < r.draws; ++t)
      out.insert(out.end(), rec.begin() + t * r.record_size + offset, rec.begin() + t * r.record_size + offset + width);
  return out;
}

void write_traces(io::H5Writer& h5, const PosteriorRunResult& r, const PosteriorAnalysis& a) {
  const std::string g = r.sampler + "/";
  const int64_t hk = r.held_out * r.outputs;
  h5.write(g + "log_posterior", {r.chains, r.draws}, record_block(r, 0, 1).data());
  h5.write(g + "log_likelihood", {r.chains, r.draws}, record_block(r, 1, 1).data());
  if (hk > 0) {
    h5.write(g + "predictive_mean", {r.chains, r.draws, hk}, record_block(r, r.mean_offset, hk).data());
    h5.write(g + "aleatoric_variance", {r.chains, r.draws, hk}, record_block(r, r.variance_offset, hk).data());
    h5.write(g + "held_out_log_likelihood", {r.chains, r.draws, r.held_out},
             record_block(r, r.held_out_log_likelihood_offset, r.held_out).data());
    h5.write(g + "summary/mean", {hk}, a.predictive_mean.data());
    h5.write(g + "summary/sd_epistemic", {hk}, a.sd_epistemic.data());
    h5.write(g + "summary/sd_aleatoric", {hk}, a.sd_aleatoric.data());
    h5.write(g + "summary/rhat", {hk}, a.prediction_rhat.data());
    h5.write(g + "summary/ess_bulk", {hk}, a.prediction_ess.data());
    if (!a.lower.empty()) {
      h5.write(g + "summary/lower", {hk}, a.lower.data());
      h5.write(g + "summary/upper", {hk}, a.upper.data());
    }
  }
  const int64_t kept = r.weights.empty() ? 0 : static_cast<int64_t>(r.weights[0].size()) / r.parameters;
  std::vector<double> w;
  for (const auto& c : r.weights) w.insert(w.end(), c.begin(), c.end());
  h5.write(g + "weights", {r.chains, kept, r.parameters}, w.data());
  h5.set_attribute(g + "weights", "thin", r.weight_thin);
  h5.set_attribute(r.sampler, "exact", static_cast<int64_t>(r.adjusted ? 1 : 0));
}

void write_data(io::H5Writer& h5, const bayes::PosteriorProblem& p) {
  auto put = [&](const std::string& name, const at::Tensor& t) {
    const at::Tensor d = t.to(torch::kDouble).contiguous();
    std::vector<int64_t> dims(d.sizes().begin(), d.sizes().end());
    h5.write("data/" + name, dims, d.data_ptr<double>());
  };
  put("train_inputs", p.train_inputs);
  put("train_targets", p.train_targets);
  put("held_inputs", p.held_inputs);
  put("held_targets", p.held_targets);
}

std::string fixed(double x, int digits) {
  if (!std::isfinite(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

void print_table(std::ostream& out, const std::vector<std::pair<std::string, json>>& rows) {
  char line[256];
  std::snprintf(line, sizeof line, "%-17s %-5s %9s %8s %9s %8s %7s %9s %10s %10s %8s\n", "sampler", "exact",
                "R-hat(ll)", "ESS(ll)", "R-hat(pr)", "ESS(pr)", "accept", "lppd/pt", "coverage", "evals/ESS", "time/s");
  out << line;
  for (const auto& [name, j] : rows) {
    auto num = [&](const json& v) { return v.is_number() ? v.get<double>() : NAN; };
    const double rl = num(j["log_likelihood"]["rhat"]), el = num(j["log_likelihood"]["ess_bulk"]);
    const double rp = num(j["max_prediction_rhat"]), ep = num(j["min_prediction_ess"]);
    auto mark_r = [](double r) { return fixed(r, 3) + (std::isfinite(r) && r > kRhatLimit ? "[!]" : ""); };
    auto mark_e = [](double e) { return fixed(e, 0) + (std::isfinite(e) && e < kEssLimit ? "[!]" : ""); };
    const json& h = j["held_out"];
    std::string cov = h.contains("coverage") ? fixed(num(h["coverage"]), 3) + "+-" + fixed(num(h["coverage_error"]), 2)
                      : h.contains("accuracy") ? "acc " + fixed(num(h["accuracy"]), 3)
                                               : "-";
    const json& c = j["cost"];
    std::snprintf(line, sizeof line, "%-17s %-5s %9s %8s %9s %8s %7s %9s %10s %10s %8s\n", name.c_str(),
                  j["exact"].get<bool>() ? "yes" : "no", mark_r(rl).c_str(), mark_e(el).c_str(), mark_r(rp).c_str(),
                  mark_e(ep).c_str(), j.contains("acceptance_rate") ? fixed(num(j["acceptance_rate"]), 3).c_str() : "-",
                  fixed(num(h["lppd_per_point"]), 3).c_str(), cov.c_str(),
                  fixed(num(c["evaluations_per_effective_sample"]), 1).c_str(),
                  fixed(num(c["init_seconds"]) + num(c["warmup_seconds"]) + num(c["seconds"]), 1).c_str());
    out << line;
  }
}

}  // namespace

json posterior_job(const PosteriorOptions& options, std::ostream& table) {
  if (options.config_path.empty()) throw UserError("bbg posterior needs a CONFIG file (see configs/bayes_*.toml)");
  Config config = Config::from_file(options.config_path);
  for (const auto& o : options.overrides) config.apply_override(o);
  int64_t threads = config.top().get_int("threads", 1);
  if (options.threads != 0) threads = options.threads;
  if (threads < 1)
    throw ConfigError(options.threads ? "--threads" : "threads", std::to_string(threads), "must be >= 1");
  set_threads(threads);
  const bayes::PosteriorSettings settings = bayes::read_posterior_settings(config.section("bayes"));
  const bayes::PosteriorProblem problem = bayes::read_posterior_problem(config);
  config.check_all_used();

  const std::string out_dir =
      options.out_dir.empty() ? io::default_run_dir(options.config_path, "posterior") : options.out_dir;
  io::RunDirectory dir = io::RunDirectory::prepare(out_dir, options.force, /*resume=*/true);
  if (options.force)
    for (const auto& s : bayes::posterior_sampler_names())
      std::filesystem::remove(dir.file("checkpoint_" + s + ".bin"));
  dir.write_text("config.toml", config.resolved_toml());

  table << "data: " << problem.data_description << "\n";
  table << "network: " << problem.network_description << "; likelihood: " << problem.likelihood->describe() << "\n";
  table << "prior: " << problem.prior_description << "\n";
  table << "posterior ∝ exp(-U), U = [-log prior - (N/n) sum_batch log p] / T, T = " << settings.temperature
        << ", n = " << (settings.batch_size == 0 ? problem.train_inputs.size(0) : settings.batch_size)
        << ", N = " << problem.train_inputs.size(0) << "\n";

  json summary = {{"conventions", conventions()},
                  {"threads", threads},
                  {"seed", settings.seed},
                  {"data", problem.data_description},
                  {"network", problem.network_description},
                  {"likelihood", problem.likelihood->describe()},
                  {"prior", problem.prior_description},
                  {"temperature", settings.temperature},
                  {"warnings", json::array()}};
  for (const auto& w : settings.unused_keys) summary["warnings"].push_back(w);
  json posterior = json::object();
  std::vector<std::pair<std::string, json>> rows;
  io::H5Writer h5(dir.file("posterior.h5"));
  write_data(h5, problem);
  h5.set_attribute("/", "conventions", conventions()["potential"].get<std::string>());
  for (const auto& name : settings.samplers) {
    const PosteriorRunResult r = bayes::run_posterior_sampler(
        problem, settings, name, dir.file("checkpoint_" + name + ".bin"), options.progress);
    const PosteriorAnalysis a = bayes::analyse_posterior(bayes::posterior_input(r, problem, settings.band));
    json j = sampler_json(r, a, settings);
    for (const auto& w : j["warnings"]) summary["warnings"].push_back(w);
    posterior[name] = j;
    rows.emplace_back(name, j);
    write_traces(h5, r, a);
  }
  h5.commit();
  summary["posterior"] = posterior;
  summary["settings"] = {{"chains", settings.chains},         {"warmup", settings.warmup},
                         {"samples", settings.samples},       {"thin", settings.thin},
                         {"batch_size", settings.batch_size}, {"init", settings.init}};
  print_table(table, rows);
  for (const auto& w : summary["warnings"]) table << "warning: " << w.get<std::string>() << "\n";
  for (const auto& name : settings.samplers) std::filesystem::remove(dir.file("checkpoint_" + name + ".bin"));
  dir.mark_finished(io::dump_json(summary));
  if (options.plots) draw_plots(dir.path(), table);
  table << "run directory: " << dir.path() << "\n";
  return summary;
}

}  // namespace bbg
