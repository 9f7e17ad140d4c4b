#include "bbg/estimate/importance.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace bbg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Jackknife error sqrt((n - 1)/n sum_b (theta_b - thetabar)^2) from leave-one-out
// estimates, accumulated as differences from the full estimate; NaN for n < 2 or a
// non-finite leave-one-out value.
double jackknife_error(const std::vector<double>& leave_out, double full) {
  const double nb = static_cast<double>(leave_out.size());
  if (leave_out.size() < 2) return kNaN;
  double shift = 0.0;
  for (double v : leave_out) {
    if (!std::isfinite(v)) return kNaN;
    shift += v - full;
  }
  shift /= nb;
  double ss = 0.0;
  for (double v : leave_out) ss += (v - full - shift) * (v - full - shift);
  return std::sqrt((nb - 1.0) / nb * ss);
}

ObservableStats iid_stats(double value, double error, double naive_error, int64_t n) {
  ObservableStats s;
  s.value = value;
  s.error = error;
  s.jackknife_error = error;
  s.naive_error = naive_error;
  s.tau_int = 0.5;
  s.tau_int_error = 0.0;
  s.window = 0;
  s.n = n;
  return s;
}

Estimate scaled(const Estimate& e, double s) { return {e.value * s, e.error * std::abs(s), e.bias * s}; }

}  // namespace

const ObservableStats& NisResult::observable(const std::string& name) const {
  for (const auto& o : observables)
    if (o.name == name) return o.stats;
  throw std::out_of_range("NisResult: no observable named '" + name + "'");
}

ImportanceAccumulator::ImportanceAccumulator(std::vector<std::string> observable_names, int64_t bins)
    : names_(std::move(observable_names)), bins_(bins) {
  if (bins_ < 1) throw std::invalid_argument("ImportanceAccumulator: bins must be >= 1");
  std::unordered_set<std::string> seen;
  for (const auto& n : names_)
    if (!seen.insert(n).second) throw std::invalid_argument("ImportanceAccumulator: duplicate name '" + n + "'");
  const size_t k = names_.size(), b = static_cast<size_t>(bins_);
  shift_.assign(k, 0.0);
  bin_count_.assign(b, 0);
  bin_w_.assign(b, 0.0);
  bin_wo_.assign(k, std::vector<double>(b, 0.0));
  w2o_.assign(k, 0.0);
  w2o2_.assign(k, 0.0);
}

void ImportanceAccumulator::rescale_to(double new_max) {
  // exp(-inf) = 0 for the first finite maximum, when all sums are still zero.
  const double r = std::exp(m_ - new_max), r2 = r * r;
  s1_ *= r;
  s2_ *= r2;
  for (auto& v : bin_w_) v *= r;
  for (auto& row : bin_wo_)
    for (auto& v : row) v *= r;
  for (auto& v : w2o_) v *= r2;
  for (auto& v : w2o2_) v *= r2;
  m_ = new_max;
}

void ImportanceAccumulator::add(const double* log_weights, int64_t n) {
  if (!names_.empty())
    throw std::invalid_argument("ImportanceAccumulator::add: observables expected (" +
                                std::to_string(names_.size()) + " names)");
  add(log_weights, {}, n);
}

void ImportanceAccumulator::add(const double* log_weights, const std::vector<const double*>& observables,
                                int64_t n) {
  if (n < 0) throw std::invalid_argument("ImportanceAccumulator::add: n < 0");
  if (n == 0) return;
  if (observables.size() != names_.size())
    throw std::invalid_argument("ImportanceAccumulator::add: got " + std::to_string(observables.size()) +
                                " observables, expected " + std::to_string(names_.size()));
  // Check the whole chunk first so that a bad chunk leaves the state untouched.
  double chunk_max = -kInf;
  for (int64_t i = 0; i < n; ++i) {
    const double lw = log_weights[i];
    if (std::isnan(lw)) throw std::invalid_argument("ImportanceAccumulator::add: NaN log weight");
    if (lw == kInf) throw std::invalid_argument("ImportanceAccumulator::add: log weight +inf");
    chunk_max = std::max(chunk_max, lw);
  }
  for (size_t k = 0; k < observables.size(); ++k)
    for (int64_t i = 0; i < n; ++i)
      if (!std::isfinite(observables[k][i]))
        throw std::invalid_argument("ImportanceAccumulator::add: observable '" + names_[k] +
                                    "' is not finite");

  if (!have_shift_) {
    for (size_t k = 0; k < observables.size(); ++k) shift_[k] = observables[k][0];
    have_shift_ = true;
  }
  if (chunk_max > m_) rescale_to(chunk_max);

  const size_t nk = names_.size();
  for (int64_t i = 0; i < n; ++i) {
    const double lw = log_weights[i];
    const size_t b = static_cast<size_t>((n_ + i) % bins_);
    ++bin_count_[b];
    if (lw == -kInf) {
      ++n_zero_weight_;
      continue;  // zero weight: counts as a draw, adds nothing to the sums
    }
    // F_q: Welford's update of the mean and sum of squared deviations of -lw.
    ++fq_n_;
    const double d = -lw - fq_mean_;
    fq_mean_ += d / static_cast<double>(fq_n_);
    fq_m2_ += d * (-lw - fq_mean_);

    const double e = std::exp(lw - m_), e2 = e * e;
    s1_ += e;
    s2_ += e2;
    bin_w_[b] += e;
    for (size_t k = 0; k < nk; ++k) {
      const double o = observables[k][i] - shift_[k];
      bin_wo_[k][b] += e * o;
      w2o_[k] += e2 * o;
      w2o2_[k] += e2 * o * o;
    }
  }
  n_ += n;
}

NisResult ImportanceAccumulator::result(const std::vector<DerivedSpec>& derived, int64_t sites) const {
  if (n_ == 0) throw std::invalid_argument("ImportanceAccumulator::result: no samples");
  if (m_ == -kInf)
    throw std::invalid_argument("ImportanceAccumulator::result: all " + std::to_string(n_) +
                                " log weights are -inf (q put no draw where p has weight)");
  if (sites < 1) throw std::invalid_argument("ImportanceAccumulator::result: sites must be >= 1");
  // Resolve the derived inputs before any work.
  std::vector<std::vector<size_t>> derived_index(derived.size());
  for (size_t d = 0; d < derived.size(); ++d) {
    if (!derived[d].f) throw std::invalid_argument("ImportanceAccumulator::result: derived '" +
                                                   derived[d].name + "' has no function");
    for (const auto& in : derived[d].inputs) {
      const auto it = std::find(names_.begin(), names_.end(), in);
      if (it == names_.end())
        throw std::invalid_argument("ImportanceAccumulator::result: derived '" + derived[d].name +
                                    "' needs unknown observable '" + in + "'");
      derived_index[d].push_back(static_cast<size_t>(it - names_.begin()));
    }
  }

  const double n = static_cast<double>(n_);
  NisResult r;
  r.samples = n_;
  r.max_log_weight = m_;
  r.ess_per_sample = s1_ * s1_ / (n * s2_);

  // ln Z: delta method, err^2 = (N/ESS - 1)/(N - 1); clamp rounding below zero.
  const double rel_var = n_ >= 2 ? std::max(0.0, (1.0 / r.ess_per_sample - 1.0) / (n - 1.0)) : kNaN;
  r.log_z = {m_ + std::log(s1_) - std::log(n), std::sqrt(rel_var), -0.5 * rel_var};
  r.f = {-r.log_z.value, r.log_z.error, -r.log_z.bias};
  r.f_per_site = scaled(r.f, 1.0 / static_cast<double>(sites));

  if (n_zero_weight_ > 0) {
    r.f_q = {kInf, kNaN, 0.0};
  } else {
    const double err = n_ >= 2 ? std::sqrt(fq_m2_ / (n - 1.0) / n) : kNaN;
    r.f_q = {fq_mean_, err, 0.0};
  }
  r.f_q_per_site = scaled(r.f_q, 1.0 / static_cast<double>(sites));
  r.kl_gap = r.f_q.value - r.f.value;

  // Reweighted means from the bin sums, and leave-one-bin-out means for the
  // jackknife (non-empty bins only).
  const size_t nk = names_.size();
  double w_total = 0.0;
  for (double v : bin_w_) w_total += v;
  std::vector<double> means(nk), wo_total(nk, 0.0);
  for (size_t k = 0; k < nk; ++k) {
    for (double v : bin_wo_[k]) wo_total[k] += v;
    means[k] = shift_[k] + wo_total[k] / w_total;
  }
  std::vector<size_t> used;
  for (size_t b = 0; b < bin_count_.size(); ++b)
    if (bin_count_[b] > 0) used.push_back(b);
  std::vector<std::vector<double>> loo(used.size(), std::vector<double>(nk));  // [bin][k]
  for (size_t j = 0; j < used.size(); ++j) {
    const size_t b = used[j];
    const double w_rest = w_total - bin_w_[b];
    for (size_t k = 0; k < nk; ++k)
      loo[j][k] = w_rest > 0.0 ? shift_[k] + (wo_total[k] - bin_wo_[k][b]) / w_rest : kNaN;
  }

  std::vector<double> leave_out(used.size());
  for (size_t k = 0; k < nk; ++k) {
    for (size_t j = 0; j < used.size(); ++j) leave_out[j] = loo[j][k];
    // Delta method for the ratio: sum e^2 (O - <O>)^2 / (sum e)^2, in shifted variables.
    const double md = wo_total[k] / w_total;
    const double ss = std::max(0.0, w2o2_[k] - 2.0 * md * w2o_[k] + md * md * s2_);
    const double naive = std::sqrt(ss) / s1_;
    r.observables.push_back(
        {names_[k], "", false, iid_stats(means[k], jackknife_error(leave_out, means[k]), naive, n_)});
  }
  for (size_t d = 0; d < derived.size(); ++d) {
    const auto& idx = derived_index[d];
    std::vector<double> args(idx.size());
    for (size_t a = 0; a < idx.size(); ++a) args[a] = means[idx[a]];
    const double value = derived[d].f(args);
    for (size_t j = 0; j < used.size(); ++j) {
      for (size_t a = 0; a < idx.size(); ++a) args[a] = loo[j][idx[a]];
      leave_out[j] = derived[d].f(args);
    }
    r.observables.push_back({derived[d].name, derived[d].description, true,
                             iid_stats(value, jackknife_error(leave_out, value), kNaN, n_)});
  }
  return r;
}

Estimate log_z_from_log_weights(const std::vector<double>& log_weights) {
  ImportanceAccumulator acc({}, 1);
  acc.add(log_weights.data(), static_cast<int64_t>(log_weights.size()));
  return acc.result().log_z;
}

double forward_ess_per_sample(const std::vector<double>& log_weights_on_p_samples) {
  const auto& lw = log_weights_on_p_samples;
  if (lw.empty()) throw std::invalid_argument("forward_ess_per_sample: no samples");
  double hi = -kInf, lo = kInf;
  for (double v : lw) {
    if (std::isnan(v)) throw std::invalid_argument("forward_ess_per_sample: NaN log weight");
    hi = std::max(hi, v);
    lo = std::min(lo, v);
  }
  if (!std::isfinite(hi) || !std::isfinite(lo)) return 0.0;  // w or 1/w infinite somewhere
  double sp = 0.0, sm = 0.0;  // sum exp(lw - hi), sum exp(lo - lw)
  for (double v : lw) {
    sp += std::exp(v - hi);
    sm += std::exp(lo - v);
  }
  const double n = static_cast<double>(lw.size());
  // ln ESS/N = 2 ln N - logsumexp(lw) - logsumexp(-lw)
  const double log_ess = 2.0 * std::log(n) - (hi + std::log(sp)) - (-lo + std::log(sm));
  return std::min(1.0, std::exp(log_ess));
}

}  // namespace bbg
