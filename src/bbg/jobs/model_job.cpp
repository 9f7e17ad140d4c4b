#include "bbg/jobs/model_job.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bbg/core/errors.hpp"
#include "bbg/estimate/reliability.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/h5_writer.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/jobs/report.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/sample/model_sampler.hpp"
#include "bbg/train/trainer.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {

using nlohmann::json;

namespace {

json estimate_json(const Estimate& e, const std::string& contains) {
  return {{"value", io::finite_or_null(e.value)},
          {"error", io::finite_or_null(e.error)},
          {"bias", io::finite_or_null(e.bias)},
          {"error_contains", contains}};
}

std::vector<ObservableEstimate> public_only(const Target& target, const std::vector<ObservableEstimate>& all) {
  std::vector<ObservableEstimate> out;
  for (const auto& e : all) {
    bool internal = false;
    for (const auto& p : target.primaries())
      if (p.name == e.name && p.internal) internal = true;
    if (!internal) out.push_back(e);
  }
  return out;
}

json history_json(const TrainHistory& h) {
  return {{"step", h.step}, {"f_q", h.f_q}, {"f_q_error", h.f_q_error}, {"ess_per_sample", h.ess_per_sample},
          {"nmcmc_acceptance", h.nmcmc_acceptance}, {"grad_norm", h.grad_norm},
          {"learning_rate", h.learning_rate}, {"beta", h.beta}};
}

// The reference MCMC samples for the forward ESS and mode dropping. When the
// model was fitted to the same file by forward KL, only the chains held out of
// training are used (training_data.hpp explains why).
struct Reference {
  std::string h5;                  // empty: no reference
  bool is_training_data = false;   // forward KL was trained on this file
  double holdout = 0.0;            // train.holdout of that training
};

// NIS / NMCMC / reference comparison of a trained model; fills `summary`.
void estimate_with_model(Density& model, const Target& target, const SampleSettings& ss, const Reference& reference,
                         const std::string& samples_h5, json& summary) {
  const std::string& reference_h5 = reference.h5;
  const ModelSampleResult r = sample_model(model, target, ss);
  const auto& n = r.nis;
  summary["nis"] = {
      {"samples", n.samples},
      {"log_z", estimate_json(n.log_z, "delta-method standard error of ln(mean w); bias ~ -error^2/2 is not subtracted")},
      {"f", estimate_json(n.f, "F = -ln Z, same error; bias ~ +error^2/2 not subtracted")},
      {"f_per_site", estimate_json(n.f_per_site, "F / V")},
      {"f_q", estimate_json(n.f_q, "variational F_q = E_q[log q + S] >= F (upper bound), standard error of the mean")},
      {"f_q_per_site", estimate_json(n.f_q_per_site, "F_q / V")},
      {"kl_gap", io::finite_or_null(n.kl_gap)},
      {"ess_per_sample", io::finite_or_null(n.ess_per_sample)},
      {"observables", estimates_json(public_only(target, n.observables))},
      {"error_contains", "importance-sampling (aleatoric) error: jackknife over " + std::to_string(ss.bins) +
                             " bins of iid draws; tau_int = 0.5 by construction"},
      {"seconds", r.seconds}};
  const auto& v = r.variational;
  summary["variational"] = {
      {"f", estimate_json(n.f_q, "F_q = E_q[log q + S], an upper bound on F; standard error of the mean")},
      {"f_per_site", estimate_json(n.f_q_per_site, "F_q / V")},
      {"log_z", estimate_json({-n.f_q.value, n.f_q.error, 0.0}, "-F_q, a lower bound on ln Z")},
      {"observables", estimates_json(public_only(target, v.observables))},
      {"meaning", "plain averages over x ~ q without reweighting (what a variational calculation reports): biased "
                  "unless q = p; F_q is an upper bound on F"},
      {"error_contains", "statistical error of the q averages only (jackknife over " + std::to_string(ss.bins) +
                             " bins), not their bias"}};
  const double ess = n.ess_per_sample * static_cast<double>(n.samples);
  summary["nis"]["ess"] = io::finite_or_null(ess);
  ReliabilityInput checks;
  checks.nis_ess = ess;
  checks.nmcmc_acceptance = r.nmcmc.acceptance;
  checks.nmcmc_samples = r.nmcmc.samples;
  checks.nmcmc_longest_rejection_run = r.nmcmc.longest_rejection_run;
  const auto& m = r.nmcmc;
  summary["nmcmc"] = {{"samples", m.samples},
                      {"acceptance", io::finite_or_null(m.acceptance)},
                      {"longest_rejection_run", m.longest_rejection_run},
                      {"bin_size", m.bin_size},
                      {"observables", estimates_json(public_only(target, m.observables))},
                      {"error_contains", "Gamma-method error of the independence-Metropolis chain (q as proposal)"}};
  {
    io::H5Writer out(samples_h5);
    const int64_t k = static_cast<int64_t>(r.kept_log_weight.size());
    out.write("log_weight", {k}, r.kept_log_weight.data());
    if (static_cast<int64_t>(r.kept_m.size()) == k) out.write("observables/m", {k}, r.kept_m.data());
    out.set_attribute("log_weight", "meaning", "lw = -S(x) - log q(x) for x ~ q (the first samples drawn)");
    out.commit();
  }
  if (!reference_h5.empty() && std::filesystem::exists(reference_h5)) {
    at::Tensor chains = load_configuration_chains(reference_h5, target.event_shape());
    const std::string file = std::filesystem::path(reference_h5).filename().string();
    std::string used = "all " + std::to_string(chains.size(0)) + " chains of " + file;
    if (reference.is_training_data) {
      const ChainSplit split = split_chains(chains.size(0), reference.holdout, reference_h5);
      if (split.heldout() > 0) {
        chains = chains.narrow(0, split.train, split.heldout());
        used = "chains " + std::to_string(split.train) + ".." + std::to_string(split.total - 1) + " of " + file +
               " (held out of forward-KL training)";
      } else {
        used += ", which are the forward-KL training data: w_bar and the forward ESS are biased upwards "
                "(set train.holdout > 0)";
        summary["warnings"].push_back("mode dropping and forward ESS measured on the forward-KL training data");
      }
    }
    const ReferenceComparison c = compare_with_reference(model, target, chains, n.log_z);
    checks.has_reference = true;
    checks.w_bar = c.mode_dropping.value;
    checks.w_bar_error = c.mode_dropping.error;
    checks.log_w_bar_error = c.mode_dropping.log_error;
    checks.forward_ess_per_sample = c.forward_ess_per_sample;
    checks.reference_samples = c.reference_samples;
    checks.reference_is_training_data = reference.is_training_data && used.find("held out") == std::string::npos;
    summary["forward_ess_per_sample"] = io::finite_or_null(c.forward_ess_per_sample);
    summary["reference_log_weight_max_minus_median"] = io::finite_or_null(c.log_weight_max_minus_median);
    summary["mode_dropping"] = {
        {"value", io::finite_or_null(c.mode_dropping.value)},
        {"error", io::finite_or_null(c.mode_dropping.error)},
        {"log_value", io::finite_or_null(c.mode_dropping.log_value)},
        {"log_error", io::finite_or_null(c.mode_dropping.log_error)},
        {"reference_samples", c.reference_samples},
        {"reference_chains", used},
        {"meaning", "w_bar = Z_q / Z_p (Nicoli et al., PRD 108, 114501): ~1 when q covers p, < 1 flags dropped "
                    "modes; Z_p from q evaluated on the reference MCMC samples (error by the Gamma method)"}};
  }
  // Every check the diagnostics allow (reliability.hpp); each warning names the columns it affects.
  json flagged = json::array();
  for (const ReliabilityWarning& w : assess_reliability(checks)) {
    summary["warnings"].push_back(w.message);
    flagged.push_back({{"code", w.code}, {"message", w.message}, {"columns", w.columns}});
  }
  summary["reliability"] = {{"flags", flagged},
                            {"meaning", "checks of the NIS ESS, the mode-dropping w_bar (4 errors from 1), the "
                                        "forward ESS and the NMCMC chain; columns listed in a flag carry errors "
                                        "that do not contain the problem it names"}};
}

std::string fmt_value_error(const json& o) {
  if (!o.is_object() || o.value("value", json()).is_null()) return "-";
  char buf[64];
  const json err = o.value("error", json());
  if (err.is_null()) {
    std::snprintf(buf, sizeof buf, "%.6g", o["value"].get<double>());
  } else {
    std::snprintf(buf, sizeof buf, "%.6g +- %.2g", o["value"].get<double>(), err.get<double>());
  }
  return buf;
}

// Columns named by a reliability flag carry kFlagMark after every value.
constexpr const char* kFlagMark = " [!]";

struct FlaggedColumns {
  bool nis = false, nmcmc = false, mode_dropping = false;
};

FlaggedColumns flagged_columns(const json& s) {
  FlaggedColumns f;
  for (const auto& flag : s.value("reliability", json::object()).value("flags", json::array()))
    for (const auto& c : flag.value("columns", json::array())) {
      const std::string name = c.get<std::string>();
      f.nis |= name == "nis";
      f.nmcmc |= name == "nmcmc";
      f.mode_dropping |= name == "mode_dropping";
    }
  return f;
}

void print_line(std::ostream& os, const std::string& label, const json& exact, const json& ref, const json& var,
                const json& nis, const json& nmcmc, const FlaggedColumns& flags) {
  char line[320];
  auto tau = [](const json& o) {
    if (!o.is_object() || o.value("tau_int", json()).is_null()) return std::string("");
    char b[24];
    std::snprintf(b, sizeof b, " (%.1f)", o["tau_int"].get<double>());
    return std::string(b);
  };
  std::string ex = "-";
  if (exact.is_number()) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", exact.get<double>());
    ex = b;
  }
  std::snprintf(line, sizeof line, "%-20s %12s  %-28s %-24s %-24s %-28s\n", label.c_str(), ex.c_str(),
                (fmt_value_error(ref) + tau(ref)).c_str(), fmt_value_error(var).c_str(),
                (fmt_value_error(nis) + (flags.nis && nis.is_object() ? kFlagMark : "")).c_str(),
                (fmt_value_error(nmcmc) + tau(nmcmc) + (flags.nmcmc && nmcmc.is_object() ? kFlagMark : "")).c_str());
  os << line;
}

}  // namespace

std::string train_fingerprint(const Target& target, const ModelSpec& spec, const TrainSettings& s) {
  json j = {{"target", target.describe()}, {"model", spec.to_json()}, {"objective", s.objective},
            {"steps", s.steps}, {"batch", s.batch}, {"learning_rate", s.learning_rate},
            {"schedule", s.schedule}, {"schedule_step", s.schedule_step}, {"schedule_gamma", s.schedule_gamma},
            {"min_learning_rate", s.min_learning_rate}, {"clip", s.clip},
            {"anneal_beta_start", s.anneal_beta_start}, {"anneal_steps", s.anneal_steps},
            {"log_every", s.log_every}, {"eval_batch", s.eval_batch}, {"data", s.data}, {"holdout", s.holdout}, {"seed", s.seed}};
  return j.dump();
}

TrainSettings effective_train_settings(const RunSetup& run, const io::RunDirectory& dir) {
  TrainSettings ts = *run.train;
  if (ts.objective == "forward_kl" && !ts.data.empty() && !std::filesystem::path(ts.data).is_absolute() &&
      !std::filesystem::exists(ts.data))
    ts.data = dir.file(ts.data);  // a bare name refers to the run directory (e.g. hmc.h5)
  return ts;
}

void print_model_comparison(std::ostream& os, const json& s, const std::optional<ReferenceSamples>& reference) {
  const json exact = s.value("exact", json::object());
  const json ref = reference ? s.value(reference->summary_key, json::object()) : json::object();
  // the reference column is named after the sampler that produced it (HMC, wolff, metropolis)
  const std::string reference_label = reference ? reference->label : hmc_reference().label;
  const json nis = s.value("nis", json::object()), nmcmc = s.value("nmcmc", json::object());
  const json var = s.value("variational", json::object());
  const FlaggedColumns flags = flagged_columns(s);
  os << "\n";
  char head[320];
  std::snprintf(head, sizeof head, "%-20s %12s  %-28s %-24s %-24s %-28s\n", "observable", "exact",
                (reference_label + " (tau_int)").c_str(), "model q (variational)",
                flags.nis ? "model NIS [!]" : "model NIS", flags.nmcmc ? "model NMCMC (tau_int) [!]" : "model NMCMC (tau_int)");
  os << head;
  const json ex_obs = exact.value("observables", json::object());
  const json ref_obs = ref.value("observables", json::object());
  const json nis_obs = nis.value("observables", json::object());
  const json nm_obs = nmcmc.value("observables", json::object());
  const json var_obs = var.value("observables", json::object());
  for (auto it = nis_obs.begin(); it != nis_obs.end(); ++it) {
    if (it.key().find('[') != std::string::npos) continue;
    print_line(os, it.key(), ex_obs.value(it.key(), json()), ref_obs.value(it.key(), json()),
               var_obs.value(it.key(), json()), it.value(), nm_obs.value(it.key(), json()), flags);
  }
  print_line(os, "ln Z", exact.value("log_z", json()), ref.value("log_z", json()), var.value("log_z", json()),
             nis.value("log_z", json()), json(), flags);
  print_line(os, "F/V", exact.value("f_per_site", json()), ref.value("f_per_site", json()),
             var.value("f_per_site", json()), nis.value("f_per_site", json()), json(), flags);
  os << "(q variational: plain averages over the model, biased; its ln Z is -F_q <= ln Z and its F/V = F_q/V >= F/V)\n";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "model: ESS/N = %.4g (NIS), NMCMC acceptance = %.4g, F_q/V = %s (variational upper bound)\n",
                nis.value("ess_per_sample", json(NAN)).is_number() ? nis["ess_per_sample"].get<double>() : NAN,
                nmcmc.value("acceptance", json(NAN)).is_number() ? nmcmc["acceptance"].get<double>() : NAN,
                fmt_value_error(nis.value("f_q_per_site", json())).c_str());
  os << buf;
  if (s.contains("mode_dropping")) {
    std::snprintf(buf, sizeof buf, "mode dropping w_bar = Z_q/Z_p = %s%s (1 = no mass missed), forward ESS/N = %.4g "
                  "(max - median log weight on the reference: %.3g)\n",
                  fmt_value_error(s["mode_dropping"]).c_str(), flags.mode_dropping ? kFlagMark : "",
                  s.value("forward_ess_per_sample", json(NAN)).is_number() ? s["forward_ess_per_sample"].get<double>()
                                                                          : NAN,
                  s.value("reference_log_weight_max_minus_median", json(NAN)).is_number()
                      ? s["reference_log_weight_max_minus_median"].get<double>()
                      : NAN);
    os << buf;
  }
  if (flags.nis || flags.nmcmc || flags.mode_dropping)
    os << kFlagMark + 1 << " marks numbers whose error bars do not contain a problem named in a warning below\n";
  for (const auto& w : s.value("warnings", json::array())) os << "warning: " << w.get<std::string>() << "\n";
}

std::shared_ptr<Density> run_model_part(const RunSetup& run, io::RunDirectory& dir, json& summary,
                                        std::ostream& table) {
  const Target& target = *run.target;
  const ModelSpec& spec = *run.model;
  const TrainSettings ts = effective_train_settings(run, dir);
  auto model = make_density(spec, ts.seed);
  table << "\nmodel: " << spec.describe() << ", " << model->parameter_count() << " parameters\n";
  const TrainFiles files{dir.file("train_checkpoint.pt"), dir.file("train.h5"), train_fingerprint(target, spec, ts)};
  const TrainResult tr = train_model(*model, target, ts, files);
  save_model(*model, dir.file("model.pt"));
  summary["model"] = {{"kind", spec.kind}, {"architecture", json::parse(spec.to_json())},
                      {"parameters", model->parameter_count()}, {"file", "model.pt"}};
  summary["train"] = {{"objective", ts.objective}, {"steps", tr.steps}, {"skipped_steps", tr.skipped},
                      {"seconds", tr.seconds}, {"batch", ts.batch}, {"resumed_from_step", tr.resumed_from},
                      {"history", history_json(tr.history)}, {"history_file", "train.h5"},
                      {"f_q_meaning", "F_q = E_q[log q + S] on a fresh batch, whole lattice (upper bound on F)"}};
  table << "trained " << tr.steps << " steps (" << ts.objective << ") in " << tr.seconds << " s\n";
  const std::string reference_h5 = run.reference ? dir.file(run.reference->file) : "";
  Reference reference{reference_h5};
  if (ts.objective == "forward_kl" && !reference_h5.empty() && std::filesystem::exists(reference_h5) &&
      std::filesystem::exists(ts.data))
    reference.is_training_data = std::filesystem::equivalent(reference_h5, ts.data);
  reference.holdout = ts.holdout;
  summary["train"]["data_is_reference"] = reference.is_training_data;
  summary["train"]["holdout"] = ts.holdout;
  estimate_with_model(*model, target, *run.sample, reference, dir.file("flow_samples.h5"), summary);
  print_model_comparison(table, summary, run.reference);
  return model;
}

json sample_job(const std::string& run_dir, int64_t samples, std::optional<int64_t> threads, std::ostream& table) {
  if (!std::filesystem::is_directory(run_dir)) throw UserError("RUN_DIR = " + run_dir + ": not a directory");
  const std::string model_path = run_dir + "/model.pt";
  if (!std::filesystem::exists(model_path))
    throw UserError(run_dir + " holds no trained model (model.pt); run `bbg run CONFIG --out " + run_dir + "` first");
  const RunSetup run = prepare_finished_run(run_dir, threads);
  if (samples < 2) throw ConfigError("-n", std::to_string(samples), "must be >= 2");
  const Target& target = *run.target;
  SampleSettings ss = *run.sample;
  ss.samples = samples;
  ss.seed = run.seed + 2 + static_cast<uint64_t>(samples);  // a fresh stream, not the run's own samples
  auto model = load_model(model_path);
  json summary = {{"target", target_json(target)}, {"exact", exact_json(target, target.exact())},
                  {"conventions", conventions_json()}, {"run_directory", run_dir}};
  const std::optional<ReferenceSamples> found = stored_reference(run_dir, reference_for(run.hmc, run.mcmc));
  json old;
  if (std::ifstream prior(run_dir + "/summary.json"); prior) old = json::parse(prior, nullptr, false);
  Reference reference{found ? run_dir + "/" + found->file : ""};
  if (old.is_object() && old.contains("train")) {
    reference.is_training_data = old["train"].value("data_is_reference", false);
    reference.holdout = old["train"].value("holdout", 0.0);
  }
  estimate_with_model(*model, target, ss, reference, run_dir + "/sample_flow_samples.h5", summary);
  if (found && old.is_object() && old.contains(found->summary_key))
    summary[found->summary_key] = old[found->summary_key];
  table << "target: " << target.describe() << "\nmodel: " << model->spec().describe() << "\n";
  print_model_comparison(table, summary, found);
  io::write_file_atomic(run_dir + "/sample_summary.json", io::dump_json(summary));
  return summary;
}

}  // namespace bbg
