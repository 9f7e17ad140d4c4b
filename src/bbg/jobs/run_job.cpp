#include "bbg/jobs/run_job.hpp"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>

#include "bbg/estimate/gamma_method.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/plots.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/jobs/bayes_generator_job.hpp"
#include "bbg/jobs/model_job.hpp"
#include "bbg/jobs/surrogate_job.hpp"
#include "bbg/jobs/report.hpp"
#include "bbg/jobs/sample_store.hpp"
#include "bbg/targets/phi4.hpp"

namespace bbg {

using nlohmann::json;

namespace {

json value_error(double value, double error) {
  return {{"value", io::finite_or_null(value)}, {"error", io::finite_or_null(error)}};
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::vector<double> to_double(const std::vector<int64_t>& v) { return {v.begin(), v.end()}; }

json run_hmc_part(const RunSetup& run, const ExactResults& exact, const io::RunDirectory& dir, std::ostream& table) {
  const Target& target = *run.target;
  const HmcSettings& settings = *run.hmc;
  const ReferenceSamples& reference = *run.reference;
  SampleStore store(dir.file(reference.file), target, settings.chains, true);
  HmcResult result = run_hmc(target, settings, store.sink());
  const auto& d = result.diagnostics;
  const auto estimates = analyze_chains(target, result.record);

  // Creutz's check <exp(-dH)> = 1 over the sampling trajectories of all chains.
  std::vector<std::vector<double>> boltzmann(d.delta_h.size());
  for (size_t c = 0; c < d.delta_h.size(); ++c)
    for (double dh : d.delta_h[c]) boltzmann[c].push_back(std::exp(-dh));
  const GammaResult creutz = gamma_method(boltzmann);

  store.write_record(result.record);
  const int64_t n_chains = settings.chains;
  store.write_diagnostic("step_size", {n_chains}, d.step_size);
  store.write_diagnostic("steps_per_trajectory", {n_chains}, to_double(d.steps_per_trajectory));
  store.write_diagnostic("acceptance", {n_chains}, d.acceptance);
  std::vector<double> dh_flat;
  for (const auto& c : d.delta_h) dh_flat.insert(dh_flat.end(), c.begin(), c.end());
  store.write_diagnostic("delta_h", {n_chains, static_cast<int64_t>(d.delta_h.at(0).size())}, dh_flat);
  store.set_attribute("sampler", reference.sampler);
  store.commit();

  json h = {{"observables", estimates_json(estimates)},
            {"chains", settings.chains},
            {"warmup", settings.warmup},
            {"samples", settings.samples},
            {"integrator", integrator_name(settings.integrator)},
            {"trajectory_length", settings.trajectory_length},
            {"step_size", d.step_size},
            {"steps_per_trajectory", d.steps_per_trajectory},
            {"acceptance", mean(d.acceptance)},
            {"acceptance_per_chain", d.acceptance},
            {"leapfrog_steps", d.leapfrog_steps},
            {"force_evaluations", d.force_evaluations},
            {"trajectories", d.trajectories},
            {"seconds", d.seconds},
            {"warmup_seconds", d.warmup_seconds},
            {"site_updates_per_second",
             io::finite_or_null(static_cast<double>(d.leapfrog_steps) * target.event_size() / d.seconds)},
            {"exp_minus_delta_h", value_error(creutz.value, creutz.error)},
            {"data", reference.file}};
  table << "\nHMC: " << settings.chains << " chains x " << settings.samples << " samples, acceptance "
        << mean(d.acceptance) << ", <exp(-dH)> = " << creutz.value << " +- " << creutz.error << "\n";
  print_comparison(table, "HMC", exact, estimates);

  if (run.free_energy && run.free_energy->enabled) {
    const auto& phi4 = dynamic_cast<const Phi4Target&>(target);
    const FreeEnergyResult fe = integrate_free_energy(phi4, *run.free_energy);
    const double v = static_cast<double>(target.event_size());
    json lz = value_error(fe.log_z, fe.error);
    lz["method"] = "bridge sampling in kappa from kappa = 0 (exact single-site integral), " +
                   std::to_string(run.free_energy->steps) + " steps";
    lz["error_contains"] = "Monte Carlo error of each ratio (Gamma method), summed in quadrature; not the O(1/N) bias";
    h["log_z"] = lz;
    h["f"] = value_error(-fe.log_z, fe.error);
    h["f_per_site"] = value_error(-fe.log_z / v, fe.error / v);
    h["free_energy"] = {{"kappas", fe.kappas},
                        {"contributions", fe.contributions},
                        {"errors", fe.errors},
                        {"log_z_start", fe.log_z_start},
                        {"leapfrog_steps", fe.leapfrog_steps},
                        {"seconds", fe.seconds}};
    table << "ln Z (kappa integration): " << fe.log_z << " +- " << fe.error;
    if (exact.log_z) table << "   exact: " << *exact.log_z << "   dev/err: " << (fe.log_z - *exact.log_z) / fe.error;
    table << "\n";
  }
  return h;
}

json run_mcmc_part(const RunSetup& run, const ExactResults& exact, const io::RunDirectory& dir, std::ostream& table) {
  const Target& target = *run.target;
  const SpinMcmcSettings& settings = *run.mcmc;
  const ReferenceSamples& reference = *run.reference;
  SampleStore store(dir.file(reference.file), target, settings.chains, true);
  SpinMcmcResult result = run_spin_mcmc(target, settings, store.sink());
  const auto& d = result.diagnostics;
  const auto estimates = analyze_chains(target, result.record);
  store.write_record(result.record);
  if (!d.acceptance.empty()) store.write_diagnostic("acceptance", {settings.chains}, d.acceptance);
  store.set_attribute("sampler", reference.sampler);
  store.commit();

  json m = {{"observables", estimates_json(estimates)},
            {"algorithm", settings.algorithm},
            {"chains", settings.chains},
            {"warmup", settings.warmup},
            {"samples", settings.samples},
            {"thin", settings.thin},
            {"sweeps", d.sweeps},
            {"spins_flipped", d.spins_flipped},
            {"seconds", d.seconds},
            {"warmup_seconds", d.warmup_seconds},
            {"spins_flipped_per_second", io::finite_or_null(static_cast<double>(d.spins_flipped) / d.seconds)},
            {"data", reference.file}};
  if (settings.algorithm == "wolff") {
    m["clusters_per_sweep"] = d.clusters_per_sweep;
    m["mean_cluster_size"] = d.mean_cluster_size;
  } else {
    m["acceptance"] = mean(d.acceptance);
  }
  table << "\n" << settings.algorithm << ": " << settings.chains << " chains x " << settings.samples << " samples\n";
  print_comparison(table, settings.algorithm, exact, estimates);
  return m;
}

}  // namespace

json run_job(const RunOptions& options, std::ostream& table) {
  RunSetup run = prepare_run(options);
  io::RunDirectory dir = io::RunDirectory::prepare(run.out_dir, options.force, run.model.has_value());
  if (options.force) {
    // a forced run starts afresh: no training state survives from the old run
    for (const char* stale : {"train_checkpoint.pt", "model.pt", "sample_summary.json"})
      std::filesystem::remove(dir.file(stale));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("checkpoint_bayes_", 0) == 0 || name.rfind("ensemble_", 0) == 0)
        std::filesystem::remove(entry.path());
    }
  }
  dir.write_text("config.toml", run.config.resolved_toml());

  const Target& target = *run.target;
  table << "target: " << target.describe() << "\n";
  const ExactResults exact = target.exact();
  json summary = {{"target", target_json(target)},
                  {"conventions", conventions_json()},
                  {"seed", run.seed},
                  {"threads", run.threads},
                  {"exact", exact_json(target, exact)}};
  if (exact.available()) {
    table << "exact (" << exact.method << ")";
    if (exact.log_z) table << ": ln Z = " << *exact.log_z;
    table << "\n";
  } else {
    table << "no exact results for this target\n";
  }
  if (options.plan.prints_exact_observables) {
    for (const auto& [k, v] : exact.observables)
      if (k.find('[') == std::string::npos) table << "  " << k << " = " << v << "\n";
  }
  if (run.reference)
    summary[run.reference->summary_key] =
        run.hmc ? run_hmc_part(run, exact, dir, table) : run_mcmc_part(run, exact, dir, table);
  if (run.surrogate) run_surrogate_part(run, dir, summary, table);
  if (run.model) {
    const std::shared_ptr<Density> model = run_model_part(run, dir, summary, table);
    if (run.bayes) run_bayes_generator_part(run, dir, model, summary, table);
  }
  dir.mark_finished(io::dump_json(summary));
  if (run.model && options.plots) draw_plots(dir.path(), table);
  table << "run directory: " << dir.path() << "\n";
  return summary;
}

}  // namespace bbg
