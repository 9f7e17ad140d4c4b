#include "bbg/estimate/neural_mcmc.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

namespace bbg {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

const ObservableStats& NmcmcResult::observable(const std::string& name) const {
  for (const auto& o : observables)
    if (o.name == name) return o.stats;
  throw std::out_of_range("NmcmcResult: no observable named '" + name + "'");
}

IndependenceMetropolis::IndependenceMetropolis(std::vector<std::string> observable_names, int64_t max_series)
    : names_(std::move(observable_names)), cap_(max_series) {
  if (cap_ < 4 || cap_ % 2 != 0)
    throw std::invalid_argument("IndependenceMetropolis: max_series must be even and >= 4");
  std::unordered_set<std::string> seen;
  for (const auto& n : names_)
    if (!seen.insert(n).second) throw std::invalid_argument("IndependenceMetropolis: duplicate name '" + n + "'");
  const size_t k = names_.size();
  current_.assign(k, 0.0);
  series_.assign(k, {});
  pending_sum_.assign(k, 0.0);
  shift_.assign(k, 0.0);
  sum_d_.assign(k, 0.0);
  sum_d2_.assign(k, 0.0);
}

void IndependenceMetropolis::record() {
  const size_t nk = names_.size();
  if (n_ == 0)
    for (size_t k = 0; k < nk; ++k) shift_[k] = current_[k];
  ++n_;
  for (size_t k = 0; k < nk; ++k) {
    const double d = current_[k] - shift_[k];
    sum_d_[k] += d;
    sum_d2_[k] += d * d;
    pending_sum_[k] += current_[k];
  }
  if (++pending_count_ < bin_size_) return;
  const double b = static_cast<double>(bin_size_);
  for (size_t k = 0; k < nk; ++k) {
    series_[k].push_back(bin_size_ == 1 ? pending_sum_[k] : pending_sum_[k] / b);
    pending_sum_[k] = 0.0;
  }
  pending_count_ = 0;
  // All series have the same length; with no observables track nothing.
  if (nk == 0 || static_cast<int64_t>(series_[0].size()) < cap_) return;
  for (auto& s : series_) {
    const size_t half = s.size() / 2;
    for (size_t i = 0; i < half; ++i) s[i] = 0.5 * (s[2 * i] + s[2 * i + 1]);
    s.resize(half);
  }
  bin_size_ *= 2;
}

void IndependenceMetropolis::step(const double* log_weights, const std::vector<const double*>& observables,
                                  int64_t n, Rng& rng) {
  if (n < 0) throw std::invalid_argument("IndependenceMetropolis::step: n < 0");
  if (n == 0) return;
  if (observables.size() != names_.size())
    throw std::invalid_argument("IndependenceMetropolis::step: got " + std::to_string(observables.size()) +
                                " observables, expected " + std::to_string(names_.size()));
  for (int64_t j = 0; j < n; ++j) {
    if (std::isnan(log_weights[j])) throw std::invalid_argument("IndependenceMetropolis::step: NaN log weight");
    if (log_weights[j] == kInf) throw std::invalid_argument("IndependenceMetropolis::step: log weight +inf");
  }
  for (size_t k = 0; k < observables.size(); ++k)
    for (int64_t j = 0; j < n; ++j)
      if (!std::isfinite(observables[k][j]))
        throw std::invalid_argument("IndependenceMetropolis::step: observable '" + names_[k] + "' is not finite");

  const size_t nk = names_.size();
  for (int64_t j = 0; j < n; ++j) {
    const double lw = log_weights[j];
    bool accept;
    if (n_ == 0) {
      accept = true;  // the first proposal starts the chain
    } else {
      const double u = rng.uniform();
      if (lw_current_ == -kInf) accept = true;
      else if (lw == -kInf) accept = false;
      else accept = std::log(u) < lw - lw_current_;  // u in [0, 1): log(0) = -inf accepts
      if (accept) {
        ++accepted_;
        run_ = 0;
      } else {
        longest_run_ = std::max(longest_run_, ++run_);
      }
    }
    if (accept) {
      lw_current_ = lw;
      for (size_t k = 0; k < nk; ++k) current_[k] = observables[k][j];
    }
    record();
  }
}

NmcmcResult IndependenceMetropolis::result(const std::vector<DerivedSpec>& derived) const {
  if (n_ == 0) throw std::invalid_argument("IndependenceMetropolis::result: no samples");
  std::vector<std::vector<size_t>> derived_index(derived.size());
  for (size_t d = 0; d < derived.size(); ++d) {
    if (!derived[d].f)
      throw std::invalid_argument("IndependenceMetropolis::result: derived '" + derived[d].name + "' has no function");
    for (const auto& in : derived[d].inputs) {
      const auto it = std::find(names_.begin(), names_.end(), in);
      if (it == names_.end())
        throw std::invalid_argument("IndependenceMetropolis::result: derived '" + derived[d].name +
                                    "' needs unknown observable '" + in + "'");
      derived_index[d].push_back(static_cast<size_t>(it - names_.begin()));
    }
  }

  NmcmcResult r;
  r.samples = n_;
  r.accepted = accepted_;
  r.acceptance = n_ >= 2 ? static_cast<double>(accepted_) / static_cast<double>(n_ - 1) : kNaN;
  r.longest_rejection_run = longest_run_;
  r.bin_size = bin_size_;

  const size_t nk = names_.size();
  const double n = static_cast<double>(n_);
  const bool binned = bin_size_ > 1;
  const size_t stored = nk > 0 ? series_[0].size() : 0;
  // Draws covered by complete bins vs all draws: errors from the bins are rescaled
  // to the full count.
  const double err_scale =
      binned ? std::sqrt(static_cast<double>(stored) * static_cast<double>(bin_size_) / n) : 1.0;
  std::vector<double> means(nk), var1(nk);
  for (size_t k = 0; k < nk; ++k) {
    means[k] = shift_[k] + sum_d_[k] / n;
    var1[k] = n_ >= 2 ? std::max(0.0, (sum_d2_[k] - sum_d_[k] * sum_d_[k] / n) / (n - 1.0)) : kNaN;
  }

  for (size_t k = 0; k < nk; ++k) {
    ObservableStats s;
    if (stored < 2) {  // only when fewer than two draws in total
      s.value = means[k];
      s.error = s.naive_error = s.tau_int = s.tau_int_error = kNaN;
      s.n = n_;
    } else if (!binned) {
      s = summarize({series_[k]});
    } else {
      s = summarize({series_[k]});  // on bin means: error, window, rhat, ess_bulk
      s.value = means[k];
      s.error *= err_scale;
      s.naive_error = std::sqrt(var1[k] / n);
      s.tau_int = var1[k] > 0.0 ? n * s.error * s.error / (2.0 * var1[k]) : 0.5;
      s.window *= bin_size_;
      // Madras-Sokal, in units of single draws.
      s.tau_int_error =
          2.0 * s.tau_int * std::sqrt(std::max(0.0, (static_cast<double>(s.window) + 0.5 - s.tau_int) / n));
      s.n = n_;
    }
    r.observables.push_back({names_[k], "", false, s});
  }

  for (size_t d = 0; d < derived.size(); ++d) {
    const auto& idx = derived_index[d];
    ObservableStats s;
    std::vector<double> args(idx.size());
    for (size_t a = 0; a < idx.size(); ++a) args[a] = means[idx[a]];
    if (stored < 2 || idx.empty()) {
      s.value = derived[d].f(args);
      s.error = s.naive_error = s.tau_int = s.tau_int_error = kNaN;
      s.n = n_;
    } else {
      std::vector<std::vector<std::vector<double>>> primaries;
      for (size_t a : idx) primaries.push_back({series_[a]});
      s = summarize_derived(primaries, derived[d].f);
      if (binned) {
        s.value = derived[d].f(args);
        s.error *= err_scale;
        s.jackknife_error *= err_scale;
        s.naive_error = s.tau_int = s.tau_int_error = kNaN;
        s.window *= bin_size_;
        s.n = n_;
      }
    }
    r.observables.push_back({derived[d].name, derived[d].description, true, s});
  }
  return r;
}

}  // namespace bbg
