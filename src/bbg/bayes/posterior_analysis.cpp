#include "bbg/bayes/posterior_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "bbg/estimate/convergence.hpp"

namespace bbg::bayes {

namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// [chain][draw] of record element `offset`.
std::vector<std::vector<double>> column(const PosteriorInput& in, int64_t offset) {
  std::vector<std::vector<double>> out(in.records.size());
  for (size_t c = 0; c < in.records.size(); ++c) {
    const auto& r = in.records[c];
    const int64_t draws = static_cast<int64_t>(r.size()) / in.record_size;
    out[c].resize(static_cast<size_t>(draws));
    for (int64_t t = 0; t < draws; ++t) out[c][t] = r[t * in.record_size + offset];
  }
  return out;
}

QuantityDiagnostics diagnose(const std::vector<std::vector<double>>& chains) {
  QuantityDiagnostics d;
  double sum = 0.0, sum2 = 0.0;
  int64_t n = 0;
  for (const auto& c : chains)
    for (double x : c) sum += x, sum2 += x * x, ++n;
  d.mean = n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
  d.sd = n > 1 ? std::sqrt(std::max(0.0, (sum2 - sum * d.mean) / (n - 1))) : std::numeric_limits<double>::quiet_NaN();
  const ConvergenceResult r = convergence(chains);
  d.rhat = r.rhat;
  d.ess_bulk = r.ess_bulk;
  return d;
}

// Quantile p of the mixture (1/S) sum_s N(m_s, v_s), by bisection of its CDF.
double mixture_quantile(const std::vector<double>& m, const std::vector<double>& v, double p) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (size_t s = 0; s < m.size(); ++s) {
    const double sd = std::sqrt(std::max(v[s], 0.0));
    lo = std::min(lo, m[s] - 12.0 * sd), hi = std::max(hi, m[s] + 12.0 * sd);
  }
  if (!(hi > lo)) return lo;
  for (int it = 0; it < 80; ++it) {
    const double mid = 0.5 * (lo + hi);
    double f = 0.0;
    for (size_t s = 0; s < m.size(); ++s) {
      const double sd = std::sqrt(std::max(v[s], 0.0));
      f += sd > 0.0 ? normal_cdf((mid - m[s]) / sd) : (mid >= m[s] ? 1.0 : 0.0);
    }
    (f / static_cast<double>(m.size()) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

PosteriorAnalysis analyse_posterior(const PosteriorInput& in) {
  if (in.records.empty() || in.record_size < 2) throw std::invalid_argument("analyse_posterior: no draws");
  PosteriorAnalysis a;
  a.chains = static_cast<int64_t>(in.records.size());
  a.draws_per_chain = static_cast<int64_t>(in.records[0].size()) / in.record_size;
  a.log_likelihood = diagnose(column(in, 1));
  a.log_posterior = diagnose(column(in, 0));
  a.min_ess = a.log_likelihood.ess_bulk;

  const int64_t hk = in.held_out * in.outputs;
  a.predictive_mean.assign(hk, 0.0), a.mean_error.assign(hk, 0.0);
  a.sd_epistemic.assign(hk, 0.0), a.sd_aleatoric.assign(hk, 0.0), a.sd_total.assign(hk, 0.0);
  a.prediction_rhat.assign(hk, 0.0), a.prediction_ess.assign(hk, 0.0);
  a.max_prediction_rhat = hk > 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  a.min_prediction_ess = hk > 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  const bool regression = in.kind == PredictiveKind::kRegression;
  if (regression) a.lower.assign(hk, 0.0), a.upper.assign(hk, 0.0);
  int64_t covered = 0, correct = 0;
  for (int64_t i = 0; i < hk; ++i) {
    const auto means = column(in, in.mean_offset + i);
    const auto vars = column(in, in.variance_offset + i);
    std::vector<double> m, v;
    for (size_t c = 0; c < means.size(); ++c) m.insert(m.end(), means[c].begin(), means[c].end());
    for (size_t c = 0; c < vars.size(); ++c) v.insert(v.end(), vars[c].begin(), vars[c].end());
    const double s = static_cast<double>(m.size());
    double mbar = 0.0, vbar = 0.0;
    for (size_t t = 0; t < m.size(); ++t) mbar += m[t] / s, vbar += v[t] / s;
    double epi = 0.0;
    for (double x : m) epi += (x - mbar) * (x - mbar) / s;
    const ConvergenceResult r = convergence(means);
    a.predictive_mean[i] = mbar;
    a.sd_epistemic[i] = std::sqrt(epi);
    a.sd_aleatoric[i] = std::sqrt(vbar);
    a.sd_total[i] = std::sqrt(epi + vbar);
    a.prediction_rhat[i] = r.rhat;
    a.prediction_ess[i] = r.ess_bulk;
    a.mean_error[i] = std::isfinite(r.ess_bulk) && r.ess_bulk > 0 ? std::sqrt(epi / r.ess_bulk) : std::sqrt(epi / s);
    if (std::isfinite(r.rhat)) a.max_prediction_rhat = std::max(a.max_prediction_rhat, r.rhat);
    if (std::isfinite(r.ess_bulk)) a.min_prediction_ess = std::min(a.min_prediction_ess, r.ess_bulk);
    if (regression) {
      const double tail = 0.5 * (1.0 - in.band);
      a.lower[i] = mixture_quantile(m, v, tail);
      a.upper[i] = mixture_quantile(m, v, 1.0 - tail);
      const double y = in.held_targets.at(i);
      covered += (y >= a.lower[i] && y <= a.upper[i]) ? 1 : 0;
    }
  }
  if (hk > 0 && std::isfinite(a.min_prediction_ess)) a.min_ess = std::min(a.min_ess, a.min_prediction_ess);
  if (hk > 0 && !std::isfinite(a.min_prediction_ess)) {  // no prediction had a defined R-hat / ESS
    a.max_prediction_rhat = std::numeric_limits<double>::quiet_NaN();
    a.min_prediction_ess = std::numeric_limits<double>::quiet_NaN();
  }
  if (regression && hk > 0) {
    a.coverage = static_cast<double>(covered) / static_cast<double>(hk);
    a.coverage_error = std::sqrt(in.band * (1.0 - in.band) / static_cast<double>(hk));
  }
  if (in.held_out > 0 && in.kind == PredictiveKind::kBernoulli) {
    for (int64_t j = 0; j < in.held_out; ++j)
      correct += ((a.predictive_mean[j] > 0.5) == (in.held_targets.at(j) > 0.5)) ? 1 : 0;
    a.accuracy = static_cast<double>(correct) / static_cast<double>(in.held_out);
  } else if (in.held_out > 0 && in.kind == PredictiveKind::kCategorical) {
    for (int64_t j = 0; j < in.held_out; ++j) {
      const double* p = a.predictive_mean.data() + j * in.outputs;
      const int64_t best = std::max_element(p, p + in.outputs) - p;
      correct += best == static_cast<int64_t>(std::llround(in.held_targets.at(j))) ? 1 : 0;
    }
    a.accuracy = static_cast<double>(correct) / static_cast<double>(in.held_out);
  }
  // lppd = sum_j log mean_s exp(l_sj), by log-sum-exp.
  for (int64_t j = 0; j < in.held_out; ++j) {
    const auto l = column(in, in.held_out_log_likelihood_offset + j);
    double mx = -std::numeric_limits<double>::infinity();
    int64_t s = 0;
    for (const auto& c : l)
      for (double x : c) mx = std::max(mx, x), ++s;
    double acc = 0.0;
    for (const auto& c : l)
      for (double x : c) acc += std::exp(x - mx);
    a.lppd += mx + std::log(acc / static_cast<double>(s));
  }
  a.lppd_per_point = in.held_out > 0 ? a.lppd / static_cast<double>(in.held_out) : 0.0;
  return a;
}

}  // namespace bbg::bayes
