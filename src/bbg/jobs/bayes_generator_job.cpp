#include "bbg/jobs/bayes_generator_job.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bbg/bayes/draw_set_analysis.hpp"
#include "bbg/bayes/generator_posterior.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/io/h5_writer.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/io/run_directory.hpp"
#include "bbg/jobs/bayes_generator_report.hpp"
#include "bbg/jobs/model_job.hpp"
#include "bbg/models/density.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/trainer.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {

using nlohmann::json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The reference chains split into the data D (evenly spaced configurations of the
// training chains) and the held-out chains (w_bar, forward ESS).
struct ReferenceSplit {
  at::Tensor data;  // [N, event...] or undefined
  at::Tensor held;  // [C_held, T, event...] or undefined
  std::string description;
  bool held_is_data = false;
};

ReferenceSplit split_reference(const RunSetup& run, const io::RunDirectory& dir,
                               const bayes::GeneratorBayesSettings& s) {
  ReferenceSplit r;
  if (!run.reference) return r;
  const std::string path = dir.file(run.reference->file);
  if (!std::filesystem::exists(path)) return r;
  const at::Tensor chains = load_configuration_chains(path, run.target->event_shape());
  const ChainSplit split = split_chains(chains.size(0), s.holdout, path);
  const at::Tensor train = chains.narrow(0, 0, split.train);
  r.held = split.heldout() > 0 ? chains.narrow(0, split.train, split.heldout()) : chains;
  r.held_is_data = split.heldout() == 0;
  std::vector<int64_t> flat_shape = {train.size(0) * train.size(1)};
  for (int64_t d = 2; d < train.dim(); ++d) flat_shape.push_back(train.size(d));
  const at::Tensor flat = train.reshape(flat_shape);
  const int64_t total = flat.size(0), n = std::min<int64_t>(s.data, total);
  std::vector<int64_t> index(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) index[i] = (2 * i + 1) * total / (2 * n);
  r.data = flat.index_select(0, at::tensor(index, at::kLong)).contiguous();
  r.description = std::to_string(n) + " configurations evenly spaced over chains 0.." +
                  std::to_string(split.train - 1) + " of " + run.reference->file + "; w_bar and forward ESS on " +
                  (r.held_is_data ? "all chains (bayes.holdout = 0: the same as D)"
                                  : "chains " + std::to_string(split.train) + ".." + std::to_string(split.total - 1));
  return r;
}

bayes::GaussianPrior make_prior(const bayes::GeneratorBayesSettings& s, const bayes::ParameterLayout& layout) {
  return s.prior == "fixed" ? bayes::GaussianPrior::fixed(layout, s.prior_scale)
                            : bayes::GaussianPrior::fan_in(layout, s.prior_scale);
}

// K of the kept draws, spread evenly over chains and time (round robin over chains).
std::vector<std::vector<double>> pick_draws(const bayes::PosteriorRunResult& r, int64_t k) {
  std::vector<const double*> all;
  const int64_t p = r.parameters;
  size_t longest = 0;
  for (const auto& w : r.weights) longest = std::max(longest, w.size() / static_cast<size_t>(p));
  for (size_t t = 0; t < longest; ++t)
    for (const auto& w : r.weights)
      if ((t + 1) * static_cast<size_t>(p) <= w.size()) all.push_back(w.data() + t * p);
  std::vector<std::vector<double>> out;
  const int64_t total = static_cast<int64_t>(all.size());
  for (int64_t i = 0; i < std::min(k, total); ++i) {
    const double* theta = all[static_cast<size_t>((2 * i + 1) * total / (2 * std::min(k, total)))];
    out.emplace_back(theta, theta + p);
  }
  return out;
}

std::vector<std::shared_ptr<Density>> models_from(const ModelSpec& spec,
                                                  const std::vector<std::vector<double>>& thetas) {
  std::vector<std::shared_ptr<Density>> out;
  for (const auto& theta : thetas) {
    auto m = make_density(spec, 0);
    bayes::write_parameters(*m, theta.data());
    out.push_back(m);
  }
  return out;
}

// quantity -> {value, error, source, mcmc}: the exact value where known, else the reference
// MCMC; `mcmc` is the reference MCMC's estimate either way.
json reference_values(const RunSetup& run, const json& summary) {
  json refs = json::object();
  const json exact = summary.value("exact", json::object());
  const json exact_obs = exact.value("observables", json::object());
  const json mc = run.reference ? summary.value(run.reference->summary_key, json::object()) : json::object();
  const json mc_obs = mc.value("observables", json::object());
  const std::string method = "exact (" + exact.value("method", std::string("")) + ")";
  const std::string mc_label = run.reference ? run.reference->label : "";
  for (const std::string& q : bayes_quantities(*run.target)) {
    const std::string key = q == "ln Z" ? "log_z" : q == "F/V" ? "f_per_site" : q;
    const json ev = q == "ln Z" || q == "F/V" ? exact.value(key, json()) : exact_obs.value(key, json());
    const json mv = q == "ln Z" || q == "F/V" ? mc.value(key, json()) : mc_obs.value(key, json());
    json mcmc;
    if (mv.is_object() && mv.value("value", json()).is_number())
      mcmc = {{"value", mv["value"]}, {"error", mv.value("error", json())}, {"source", mc_label}};
    if (ev.is_number())
      refs[q] = {{"value", ev}, {"error", 0.0}, {"source", method}};
    else if (!mcmc.is_null())
      refs[q] = mcmc;
    else
      continue;
    refs[q]["mcmc"] = mcmc;  // the reference MCMC's own estimate (null where it gives none)
  }
  return refs;
}

void add_warnings(const std::string& label, const json& set, json& warnings) {
  if (!set["failed_draws"].empty()) {
    std::string why = set["failed_draws"][0]["reason"].get<std::string>();
    warnings.push_back(label + ": " + std::to_string(set["failed_draws"].size()) +
                       " of the kept draws could not be "
                       "used as samplers and were left out (first: " +
                       why + "); the chains diverged: lower the step");
  }
  if (set.contains("chains") && set["chains"].value("non_finite_record_entries", 0) > 0)
    warnings.push_back(label + ": " + std::to_string(set["chains"]["non_finite_record_entries"].get<int64_t>()) +
                       " trace entries are not finite: at least one weight chain diverged (lower the step size)");
  if (!set.contains("quantities")) return;
  const json& sq = set["sampler_quality"];
  const json ess = sq["ess_per_sample"]["mixture"];
  const int64_t m = set["settings"].value("samples_per_draw", int64_t{0});
  if (ess.is_number() && ess.get<double>() * static_cast<double>(m) < 100.0)
    warnings.push_back(label + ": q_bar's NIS ESS = " + std::to_string(ess.get<double>() * m) +
                       " < 100; its errors are unreliable");
  if (sq.contains("w_bar")) {
    const json w = sq["w_bar"]["mixture"], e = sq["w_bar_error"]["mixture"];
    if (w.is_number() && e.is_number() && std::abs(w.get<double>() - 1.0) > 4.0 * e.get<double>())
      warnings.push_back(label + ": q_bar's w_bar = " + std::to_string(w.get<double>()) +
                         " is more than 4 errors from 1: "
                         "q_bar misses part of p and its NIS / NMCMC errors do not contain that");
  }
  if (set.contains("chains")) {
    std::string above;
    double worst = 0.0;
    for (auto d = set["chains"]["diagnostics"].begin(); d != set["chains"]["diagnostics"].end(); ++d) {
      const json rh = d.value().value("rhat", json());
      if (rh.is_number() && rh.get<double>() > 1.01) {
        above += (above.empty() ? "" : ", ") + d.key();
        worst = std::max(worst, rh.get<double>());
      }
    }
    if (!above.empty())
      warnings.push_back(label + ": R-hat > 1.01 (largest " + std::to_string(worst) + ") for " + above +
                         ": the weight chains have not mixed, so the spread across draws is not the posterior's");
  }
  std::string disagree;
  for (auto q = set["quantities"].begin(); q != set["quantities"].end(); ++q) {
    const json p = q.value()["nis"].value("p_value", json());
    if (p.is_number() && p.get<double>() < 1e-3) disagree += (disagree.empty() ? "" : ", ") + q.key();
  }
  if (!disagree.empty())
    warnings.push_back(label + ": the " + std::to_string(set.value("draws", 0)) + " NIS estimates of " + disagree +
                       " disagree beyond their errors (chi-square p < 0.001): some draws' NIS errors are "
                       "underestimated (small ESS), so reweighting has not removed the epistemic spread");
  double lowest_ess = INFINITY;
  for (const auto& v : set["sampler_quality"]["ess_per_sample"]["per_draw"])
    if (v.is_number()) lowest_ess = std::min(lowest_ess, v.get<double>() * static_cast<double>(m));
  if (lowest_ess < 100.0)
    warnings.push_back(label + ": some draws have an NIS ESS below 100 (lowest " + std::to_string(lowest_ess) +
                       "); their NIS and NMCMC errors are unreliable");
}

}  // namespace

void run_bayes_generator_part(const RunSetup& run, io::RunDirectory& dir, const std::shared_ptr<Density>& trained,
                              json& summary, std::ostream& table) {
  const bayes::GeneratorBayesSettings& s = *run.bayes;
  const Target& target = *run.target;
  const ModelSpec& spec = *run.model;
  const ReferenceSplit reference = split_reference(run, dir, s);
  SampleSettings per_draw = *run.sample;
  per_draw.samples = s.samples_per_draw;
  per_draw.seed = run.seed + 211;

  std::vector<double> start(static_cast<size_t>(bayes::layout_of(*trained).size));
  bayes::read_parameters(*trained, start.data());
  table << "\nBayesian generator: posterior over the " << start.size() << " weights of the trained model\n";
  const bayes::DrawEstimates single = bayes::estimate_draw(*trained, target, per_draw, reference.held);

  json bayes = {{"sets", json::object()}, {"warnings", json::array()}};
  for (const std::string& unused : s.chains.unused_keys) bayes["warnings"].push_back(unused);
  const json references = reference_values(run, summary);
  std::vector<std::unique_ptr<bayes::PosteriorRunResult>> keep_runs;
  std::vector<std::unique_ptr<bayes::DrawSetAnalysis>> keep_sets;
  io::H5Writer h5(dir.file("bayes_generator.h5"));
  auto write_set = [&](const std::string& label, const DrawSetReport& report) {
    json set = draw_set_json(report, target, single, references);
    set["settings"]["samples_per_draw"] = s.samples_per_draw;
    add_warnings(label, set, bayes["warnings"]);
    bayes["sets"][label] = set;
    std::string group = label;
    std::replace(group.begin(), group.end(), '/', '_');
    if (!set.contains("quantities")) return;
    for (auto q = set["quantities"].begin(); q != set["quantities"].end(); ++q)
      for (const char* m : {"plain", "nis"}) {
        std::vector<double> v;
        for (const auto& x : q.value()[m]["per_draw"]) v.push_back(x.is_number() ? x.get<double>() : NAN);
        std::string name = q.key() == "ln Z" ? "log_z" : q.key() == "F/V" ? "f_per_site" : q.key();
        h5.write(group + "/" + m + "/" + name, {static_cast<int64_t>(v.size())}, v.data());
      }
  };

  for (const std::string& posterior : s.posteriors) {
    bayes::GeneratorPosteriorProblem problem;
    problem.posterior = posterior;
    problem.make_model = [&spec] { return make_density(spec, 0); };
    problem.target = run.target;
    problem.make_prior = [&s](const bayes::ParameterLayout& l) { return make_prior(s, l); };
    problem.start = start;
    if (posterior == "data") {
      if (!reference.data.defined())
        throw UserError("bayes.posterior = \"data\": the run directory holds no reference samples (" +
                        (run.reference ? run.reference->file : std::string("none")) + ")");
      problem.data = reference.data;
    }
    problem.gibbs.lambda = s.lambda;
    problem.gibbs.batch = s.variational_batch;
    problem.gibbs.gradient = s.variational_gradient;
    problem.gibbs.temperature = s.chains.temperature;
    problem.record_batch = s.record_batch;
    problem.record_seed = run.seed + 307;
    for (const std::string& sampler : s.chains.samplers) {
      bayes::PosteriorSettings cs = s.chains;
      cs.weight_thin = std::max<int64_t>(1, cs.samples * cs.chains / s.draws);
      const std::string label = posterior + "/" + sampler;
      const auto t0 = std::chrono::steady_clock::now();
      auto r = std::make_unique<bayes::PosteriorRunResult>(bayes::run_generator_posterior(
          problem, cs, sampler, dir.file("checkpoint_bayes_" + posterior + "_" + sampler + ".bin"), true));
      const double make_seconds = seconds_since(t0);
      auto models = models_from(spec, pick_draws(*r, s.draws));
      auto analysis =
          std::make_unique<bayes::DrawSetAnalysis>(bayes::analyse_draw_set(models, target, per_draw, reference.held));
      DrawSetReport report;
      report.label = label;
      report.analysis = analysis.get();
      report.chains = r.get();
      report.record_names = bayes::generator_record_names(target);
      report.settings = {{"posterior", posterior},
                         {"sampler", sampler},
                         {"chains", cs.chains},
                         {"warmup", cs.warmup},
                         {"samples", cs.samples},
                         {"thin", cs.thin},
                         {"batch_size", r->batch_size},
                         {"temperature", cs.temperature},
                         {"prior", make_prior(s, bayes::layout_of(*trained)).describe()},
                         {"start", "every chain at the trained network's weights"}};
      if (posterior == "data") {
        report.settings["data"] = reference.description;
        report.settings["meaning"] =
            "p(theta | D) ∝ p(theta) prod_i q_theta(x_i), x_i reference configurations of p (forward KL made "
            "Bayesian); with temperature T the likelihood and prior are tempered by 1/T";
      } else {
        report.settings["lambda"] = s.lambda;
        report.settings["variational_batch"] = s.variational_batch;
        report.settings["variational_gradient"] = s.variational_gradient;
        report.settings["meaning"] =
            "pi(theta) ∝ p(theta) exp(-lambda F_q(theta)), F_q = E_q[log q + S] on fresh model draws: a Gibbs "
            "(generalised) posterior, not the posterior of any data; lambda plays the role of N / T and sets its "
            "width; with temperature T, U = [-log p(theta) + lambda F_q] / T";
      }
      if (!r->adjusted)
        bayes["warnings"].push_back(label + ": " + sampler +
                                    " is not Metropolis-adjusted: its draws carry an O(step) bias from the posterior");
      report.make_seconds = make_seconds;
      write_set(label, report);
      keep_runs.push_back(std::move(r));
      keep_sets.push_back(std::move(analysis));
    }
  }

  if (s.ensemble > 0) {
    TrainSettings ts = effective_train_settings(run, dir);
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Density>> members;
    for (int64_t k = 0; k < s.ensemble; ++k) {
      TrainSettings member_ts = ts;
      member_ts.seed = ts.seed + 1000003ULL * static_cast<uint64_t>(k + 1);
      auto member = make_density(spec, member_ts.seed);
      const std::string stem = "ensemble_" + std::to_string(k);
      train_model(*member, target, member_ts,
                  {dir.file(stem + "_checkpoint.pt"), dir.file(stem + "_train.h5"),
                   train_fingerprint(target, spec, member_ts)});
      members.push_back(member);
    }
    const double make_seconds = seconds_since(t0);
    auto analysis =
        std::make_unique<bayes::DrawSetAnalysis>(bayes::analyse_draw_set(members, target, per_draw, reference.held));
    DrawSetReport report;
    report.label = "ensemble";
    report.analysis = analysis.get();
    report.settings = {{"members", s.ensemble},
                       {"training", ts.objective + ", " + std::to_string(ts.steps) +
                                        " steps each, seeds train.seed + "
                                        "1000003 k"},
                       {"meaning",
                        "K independent trainings with the run's [train] settings (Lakshminarayanan et "
                        "al. 2017): not a posterior sampler"}};
    report.make_seconds = make_seconds;
    write_set("ensemble", report);
    keep_sets.push_back(std::move(analysis));
  }
  h5.commit();
  for (const std::string& posterior : s.posteriors)
    for (const std::string& sampler : s.chains.samplers)
      std::filesystem::remove(dir.file("checkpoint_bayes_" + posterior + "_" + sampler + ".bin"));

  bayes["single_network"] = {{"samples", s.samples_per_draw},
                             {"ess_per_sample", io::finite_or_null(single.sample.nis.ess_per_sample)}};
  bayes["conventions"] = {
      {"posteriors",
       "data: p(theta|D) ∝ p(theta) prod_i q_theta(x_i); variational: pi(theta) ∝ p(theta) exp(-lambda F_q(theta))"},
      {"plain", "<O>_q_theta without reweighting: a surrogate's estimate, biased by KL(q||p) != 0"},
      {"aleatoric", "Monte Carlo error of one draw's estimate from samples_per_draw model samples"},
      {"epistemic", "spread of the plain estimates across weight draws beyond their Monte Carlo errors"},
      {"chi2",
       "sum_k (v_k - weighted mean)^2 / e_k^2 over the K NIS (NMCMC) estimates, dof K - 1; vs_exact uses the "
       "exact value, dof K"},
      {"ln_z", "plain ln Z = -F_q (a lower bound); F/V = F/V per site, F = -ln Z"},
      {"reference", "exact where known, else the run's reference MCMC with its Gamma-method error"}};
  summary["bayes"] = bayes;
  print_bayes_tables(table, bayes);
}

}  // namespace bbg
