#include "bbg/jobs/bayes_generator_report.hpp"

#include <cmath>
#include <cstdio>

#include "bbg/estimate/consistency.hpp"
#include "bbg/estimate/convergence.hpp"
#include "bbg/estimate/epistemic_split.hpp"
#include "bbg/io/json_summary.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ValueError {
  double value = kNaN, error = kNaN;
};

// One model's estimate of quantity q by method m (plain | nis | nmcmc); NaN where the
// method gives none (NMCMC has no ln Z).
ValueError quantity(const bayes::DrawEstimates& e, const std::string& q, const std::string& m) {
  const ModelSampleResult& s = e.sample;
  if (q == "ln Z") {
    if (m == "plain") return {-s.nis.f_q.value, s.nis.f_q.error};
    if (m == "nis") return {s.nis.log_z.value, s.nis.log_z.error};
    return {};
  }
  if (q == "F/V") {
    if (m == "plain") return {s.nis.f_q_per_site.value, s.nis.f_q_per_site.error};
    if (m == "nis") return {s.nis.f_per_site.value, s.nis.f_per_site.error};
    return {};
  }
  try {
    const ObservableStats& o = m == "plain" ? s.variational.observable(q)
                               : m == "nis" ? s.nis.observable(q)
                                            : s.nmcmc.observable(q);
    return {o.value, o.error};
  } catch (const std::out_of_range&) {
    return {};
  }
}

json value_error_json(const ValueError& v) {
  return {{"value", io::finite_or_null(v.value)}, {"error", io::finite_or_null(v.error)}};
}

json per_draw_json(const bayes::DrawSetAnalysis& a, const std::string& q, const std::string& m,
                   std::vector<double>& values, std::vector<double>& errors) {
  for (const auto& d : a.draws) {
    const ValueError v = quantity(d, q, m);
    values.push_back(v.value);
    errors.push_back(v.error);
  }
  return {{"per_draw", io::finite_or_null(values)}, {"per_draw_error", io::finite_or_null(errors)}};
}

json plain_json(const bayes::DrawSetAnalysis& a, const std::string& q, const json& reference) {
  std::vector<double> v, e;
  json j = per_draw_json(a, q, "plain", v, e);
  const EpistemicSplit s = epistemic_split(v, e);
  j["mean"] = io::finite_or_null(s.mean);
  j["mean_error"] = io::finite_or_null(s.mean_error);
  j["sd_across_draws"] = io::finite_or_null(s.sd_across);
  j["sd_epistemic"] = io::finite_or_null(s.sd_epistemic);
  j["sd_aleatoric"] = io::finite_or_null(s.sd_aleatoric);
  j["sd_total"] = io::finite_or_null(s.sd_total);
  if (reference.is_object() && reference.value("value", json()).is_number()) {
    const double r = reference["value"].get<double>();
    const double re = reference.value("error", json()).is_number() ? reference["error"].get<double>() : 0.0;
    j["bias"] = io::finite_or_null(s.mean - r);
    j["bias_error"] = io::finite_or_null(std::sqrt(s.mean_error * s.mean_error + re * re));
    j["bias_over_sd_total"] = io::finite_or_null((s.mean - r) / s.sd_total);
  }
  return j;
}

json consistency_json(const bayes::DrawSetAnalysis& a, const std::string& q, const std::string& m,
                      const json& reference) {
  std::vector<double> v, e;
  json j = per_draw_json(a, q, m, v, e);
  const ConsistencyResult c = consistency(v, e);
  j["weighted_mean"] = io::finite_or_null(c.mean);
  j["weighted_mean_error"] = io::finite_or_null(c.mean_error);
  j["chi2"] = io::finite_or_null(c.chi2);
  j["dof"] = c.dof;
  j["p_value"] = io::finite_or_null(c.p_value);
  // Only an exact value has no error of its own, which the chi-square with mu0 assumes.
  if (reference.is_object() && reference.value("source", "").rfind("exact", 0) == 0 &&
      reference.value("value", json()).is_number()) {
    const ConsistencyResult x = consistency(v, e, reference["value"].get<double>());
    j["chi2_vs_exact"] = io::finite_or_null(x.chi2);
    j["dof_vs_exact"] = x.dof;
    j["p_value_vs_exact"] = io::finite_or_null(x.p_value);
  }
  return j;
}

json sampler_quality_json(const bayes::DrawSetAnalysis& a, const bayes::DrawEstimates& single) {
  auto row = [&](auto get) {
    std::vector<double> v;
    for (const auto& d : a.draws) v.push_back(get(d));
    return json{{"single_network", io::finite_or_null(get(single))},
                {"per_draw", io::finite_or_null(v)},
                {"mixture", io::finite_or_null(get(a.mixture))}};
  };
  json j = {{"ess_per_sample", row([](const bayes::DrawEstimates& d) { return d.sample.nis.ess_per_sample; })},
            {"nmcmc_acceptance", row([](const bayes::DrawEstimates& d) { return d.sample.nmcmc.acceptance; })},
            {"f_q_per_site", row([](const bayes::DrawEstimates& d) { return d.sample.nis.f_q_per_site.value; })}};
  if (a.mixture.has_reference) {
    j["w_bar"] = row([](const bayes::DrawEstimates& d) { return d.reference.mode_dropping.value; });
    j["w_bar_error"] = row([](const bayes::DrawEstimates& d) { return d.reference.mode_dropping.error; });
    j["forward_ess_per_sample"] = row([](const bayes::DrawEstimates& d) { return d.reference.forward_ess_per_sample; });
  }
  j["meaning"] =
      "ESS/N of NIS, the NMCMC acceptance, F_q/V and (with reference chains) the mode-dropping w_bar = Z_q/Z_p and "
      "the forward ESS/N, for the single trained network, each draw q_theta_k and the mixture q_bar; all from "
      "the same number of samples";
  return j;
}

json diagnostics_json(const bayes::PosteriorRunResult& r, const std::vector<std::string>& names) {
  json j = json::object();
  for (size_t k = 0; k < names.size(); ++k) {
    std::vector<std::vector<double>> series(r.records.size());
    bool finite = true;
    for (size_t c = 0; c < r.records.size(); ++c)
      for (int64_t t = 0; t < r.draws; ++t) {
        const double x = r.records[c][t * r.record_size + static_cast<int64_t>(k)];
        finite = finite && std::isfinite(x);
        series[c].push_back(x);
      }
    if (!finite || names[k].empty()) continue;
    const ConvergenceResult cr = convergence(series);
    j[names[k]] = {{"rhat", io::finite_or_null(cr.rhat)}, {"ess_bulk", io::finite_or_null(cr.ess_bulk)}};
  }
  return j;
}

json chains_json(const bayes::PosteriorRunResult& r, const std::vector<std::string>& record_names) {
  json c = {{"sampler", r.sampler},
            {"chains", r.chains},
            {"draws_per_chain", r.draws},
            {"seconds", r.seconds},
            {"warmup_seconds", r.warmup_seconds},
            {"gradient_evaluations", r.gradient_evaluations + r.warmup_gradient_evaluations},
            {"data_size", r.data_size},
            {"batch_size", r.batch_size},
            {"diagnostics", diagnostics_json(r, record_names)},
            {"diagnostics_meaning",
             "rank-normalised split R-hat and bulk ESS (Vehtari et al. 2021) over the stored draws of the "
             "chains, of F_hat, ln Z_hat and <O>_q on one fixed batch of model samples (common random numbers) "
             "and of mean log q over the data D"}};
  int64_t non_finite = 0;
  for (const auto& chain : r.records)
    for (double x : chain) non_finite += std::isfinite(x) ? 0 : 1;
  // The data term is NaN by design in the variational posterior; anything else non-finite is a diverged chain.
  if (r.data_size == 0) non_finite -= static_cast<int64_t>(r.records.size()) * r.draws;
  c["non_finite_record_entries"] = non_finite;
  if (r.adjusted && r.transitions > 0) c["acceptance"] = static_cast<double>(r.accepted) / r.transitions;
  json tuned = json::object();
  for (const auto& [k, v] : r.tuned) tuned[k] = v;
  c["tuned"] = tuned;
  return c;
}

}  // namespace

std::vector<std::string> bayes_quantities(const Target& target) {
  std::vector<std::string> q;
  for (const auto& p : target.primaries())
    if (!p.internal && p.name.find('[') == std::string::npos) q.push_back(p.name);
  for (const auto& d : target.derived())
    if (d.name.find('[') == std::string::npos) q.push_back(d.name);
  q.push_back("ln Z");
  q.push_back("F/V");
  return q;
}

json draw_set_json(const DrawSetReport& set, const Target& target, const bayes::DrawEstimates& single,
                   const json& references) {
  const bayes::DrawSetAnalysis& a = *set.analysis;
  json j = {{"draws", a.draws.size()}, {"settings", set.settings}};
  json failed = json::array();
  for (const auto& [k, why] : a.failed) failed.push_back({{"draw", k}, {"reason", why}});
  j["failed_draws"] = failed;
  if (set.chains) j["chains"] = chains_json(*set.chains, set.record_names);
  if (!a.has_mixture) return j;  // no usable draw: nothing to estimate
  json quantities = json::object();
  for (const std::string& q : bayes_quantities(target)) {
    const json ref = references.value(q, json());
    json o = {{"reference", ref},
              {"single_network_nis", value_error_json(quantity(single, q, "nis"))},
              {"single_network_plain", value_error_json(quantity(single, q, "plain"))},
              {"plain", plain_json(a, q, ref)},
              {"nis", consistency_json(a, q, "nis", ref)},
              {"mixture_nis", value_error_json(quantity(a.mixture, q, "nis"))},
              {"mixture_plain", value_error_json(quantity(a.mixture, q, "plain"))}};
    if (q != "ln Z" && q != "F/V") {
      o["nmcmc"] = consistency_json(a, q, "nmcmc", ref);
      o["mixture_nmcmc"] = value_error_json(quantity(a.mixture, q, "nmcmc"));
    }
    quantities[q] = o;
  }
  j["quantities"] = quantities;
  j["sampler_quality"] = sampler_quality_json(a, single);
  double draw_seconds = 0.0;
  int64_t draw_samples = 0;
  for (const auto& d : a.draws) draw_seconds += d.seconds, draw_samples += d.sample.nis.samples;
  const double per_draw_sample = draw_seconds / static_cast<double>(std::max<int64_t>(1, draw_samples));
  const double per_mixture_sample =
      a.mixture.seconds / static_cast<double>(std::max<int64_t>(1, a.mixture.sample.nis.samples));
  j["cost"] = {{"make_draws_seconds", set.make_seconds},
               {"evaluate_draws_seconds", draw_seconds},
               {"seconds_per_sample_single_draw", io::finite_or_null(per_draw_sample)},
               {"seconds_per_sample_mixture", io::finite_or_null(per_mixture_sample)},
               {"mixture_cost_factor", io::finite_or_null(per_mixture_sample / per_draw_sample)},
               {"meaning",
                "make_draws: the weight chains with warm-up (or the ensemble's trainings); evaluate: "
                "sampling and reference evaluation of every draw; per sample, q_bar evaluates every "
                "draw at every sample (about K times one draw's cost)"}};
  return j;
}

namespace {

std::string fmt(const json& v, const json& e = json()) {
  if (!v.is_number()) return "-";
  char b[64];
  if (e.is_number())
    std::snprintf(b, sizeof b, "%.5g+-%.2g", v.get<double>(), e.get<double>());
  else
    std::snprintf(b, sizeof b, "%.5g", v.get<double>());
  return b;
}

std::string fmt_obj(const json& o) {
  if (!o.is_object()) return "-";
  return fmt(o.value("value", json()), o.value("error", json()));
}

}  // namespace

void print_bayes_tables(std::ostream& os, const json& bayes) {
  const json sets = bayes.value("sets", json::object());
  const json ensemble = sets.value("ensemble", json());
  for (auto it = sets.begin(); it != sets.end(); ++it) {
    const json& s = it.value();
    os << "\nBayesian generator: " << it.key() << ", K = " << s.value("draws", 0) << " draws\n";
    if (!s.contains("quantities")) {
      os << "  no usable draw: every draw failed (see the warnings)\n";
      continue;
    }
    char line[512];
    std::snprintf(line, sizeof line, "%-14s %-10s %-20s %-20s %-34s %-20s %-19s %-19s %-19s\n", "quantity", "exact",
                  "reference MCMC", "single network NIS", "draws plain: mean (sd_epi, sd_ale)", "draws NIS chi2/dof",
                  "q_bar NIS", "q_bar NMCMC", "ensemble q_bar NIS");
    os << line;
    for (auto q = s["quantities"].begin(); q != s["quantities"].end(); ++q) {
      const json& o = q.value();
      const json& pl = o["plain"];
      char spread[96];
      std::snprintf(spread, sizeof spread, "%s (%s, %s)", fmt(pl.value("mean", json())).c_str(),
                    fmt(pl.value("sd_epistemic", json())).c_str(), fmt(pl.value("sd_aleatoric", json())).c_str());
      char chi[48] = "-";
      if (o["nis"].value("chi2", json()).is_number())
        std::snprintf(chi, sizeof chi, "%.1f/%d (p=%.2g)", o["nis"]["chi2"].get<double>(), o["nis"].value("dof", 0),
                      o["nis"].value("p_value", json(kNaN)).is_number() ? o["nis"]["p_value"].get<double>() : kNaN);
      std::string ens = "-";
      if (ensemble.is_object() && it.key() != "ensemble")
        ens = fmt_obj(
            ensemble.value("quantities", json::object()).value(q.key(), json::object()).value("mixture_nis", json()));
      const json ref = o.value("reference", json::object());
      const std::string exact =
          ref.is_object() && ref.value("source", "").rfind("exact", 0) == 0 ? fmt(ref.value("value", json())) : "-";
      std::snprintf(line, sizeof line, "%-14s %-10s %-20s %-20s %-34s %-20s %-19s %-19s %-19s\n", q.key().c_str(),
                    exact.c_str(), fmt_obj(ref.is_object() ? ref.value("mcmc", json()) : json()).c_str(),
                    fmt_obj(o["single_network_nis"]).c_str(), spread, chi, fmt_obj(o["mixture_nis"]).c_str(),
                    fmt_obj(o.value("mixture_nmcmc", json())).c_str(), ens.c_str());
      os << line;
    }
    const json& sq = s["sampler_quality"];
    auto quality = [&](const char* name, const char* key) {
      if (!sq.contains(key)) return;
      const json& r = sq[key];
      double lo = INFINITY, hi = -INFINITY;
      for (const auto& v : r["per_draw"])
        if (v.is_number()) lo = std::min(lo, v.get<double>()), hi = std::max(hi, v.get<double>());
      std::snprintf(line, sizeof line, "  %-26s single %-10s draws [%.4g, %.4g]   q_bar %-10s\n", name,
                    fmt(r["single_network"]).c_str(), lo, hi, fmt(r["mixture"]).c_str());
      os << line;
    };
    quality("ESS/N (NIS)", "ess_per_sample");
    quality("NMCMC acceptance", "nmcmc_acceptance");
    quality("w_bar = Z_q/Z_p", "w_bar");
    quality("forward ESS/N", "forward_ess_per_sample");
    if (s.contains("chains")) {
      const json& c = s["chains"];
      os << "  chains: " << c.value("chains", 0) << " x " << c.value("draws_per_chain", 0) << " draws of "
         << c.value("sampler", "") << " in " << fmt(c.value("seconds", json())) << " s (+ warm-up "
         << fmt(c.value("warmup_seconds", json())) << " s); R-hat/ESS:";
      for (auto d = c["diagnostics"].begin(); d != c["diagnostics"].end(); ++d) {
        const json rh = d.value().value("rhat", json());
        os << " " << d.key() << " " << fmt(rh) << (rh.is_number() && rh.get<double>() > 1.01 ? " [!]" : "") << "/"
           << fmt(d.value().value("ess_bulk", json()));
      }
      os << "\n";
    }
    const json& cost = s["cost"];
    os << "  cost: draws made in " << fmt(cost.value("make_draws_seconds", json())) << " s; q_bar per sample "
       << fmt(cost.value("mixture_cost_factor", json())) << " x one draw\n";
  }
  os << "(plain: unreweighted averages over q_theta_k, biased; sd_epi = spread the weights cause, sd_ale = Monte Carlo "
        "error of one draw's estimate; chi2/dof: do the K NIS estimates agree within their errors; [!] R-hat > 1.01)\n";
  for (const auto& w : bayes.value("warnings", json::array())) os << "warning: " << w.get<std::string>() << "\n";
}

}  // namespace bbg
