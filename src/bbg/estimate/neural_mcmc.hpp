// Neural MCMC: independence Metropolis with a normalized model q as the proposal.
//
// K. A. Nicoli, S. Nakajima, N. Strodthoff, W. Samek, K.-R. Muller, P. Kessel,
// "Asymptotically unbiased estimation of physical observables with neural
// samplers", PRE 101 (2020) 023304; L. Tierney, Ann. Statist. 22 (1994) 1701.
//
// Proposals x' ~ q iid with log weights lw' = -S(x') - log q(x') arrive in chunks;
// from the current state x (log weight lw) the chain moves to x' with probability
//     A = min(1, exp(lw' - lw)) = min(1, p(x') q(x) / (p(x) q(x'))),
// otherwise it stays at x and records x again. The very first proposal is accepted
// unconditionally (it starts the chain; it is not counted as a transition). A
// current state with lw = -inf accepts any proposal; a proposal with lw = -inf is
// always rejected otherwise. One uniform number is drawn per proposal after the
// first, whether or not it is needed, so the stream of random numbers does not
// depend on the weights.
//
// Memory: the full chain of every observable is kept up to `max_series` values.
// When the stored series reaches that length, neighbouring pairs are merged into
// bins of twice the size (bin means are stored), and further draws fill bins of the
// new size. Primaries: unbinned -> bbg::summarize (Gamma method, tau_int = 1/2 +
// sum rho) on the series; binned -> value = mean of all draws, error = Gamma-method
// error of the bin means (scaled by sqrt(N_binned/N) for draws in the last,
// incomplete bin), naive_error = sqrt(s^2/N) from the running variance s^2 of
// single draws, tau_int = N error^2 / (2 s^2), window in draws (bins times bin
// size), rhat and ess_bulk from the bin means. Derived quantities: summarize_derived
// on the stored series; when binned, value = f(means of all draws), tau_int and
// naive_error are NaN (the single-draw variance of the linearisation is not kept).
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/chain_analysis.hpp"
#include "bbg/estimate/importance.hpp"
#include "bbg/estimate/summary.hpp"

namespace bbg {

struct NmcmcResult {
  int64_t samples = 0;   // chain length = number of proposals consumed
  int64_t accepted = 0;  // accepted transitions (the first proposal not counted)
  double acceptance = std::numeric_limits<double>::quiet_NaN();  // accepted / (samples - 1)
  int64_t longest_rejection_run = 0;  // most consecutive rejections (a stuck chain shows here)
  int64_t bin_size = 1;               // 1: the full series was kept
  // Primaries in the order of the names, then the derived quantities.
  std::vector<ObservableEstimate> observables;

  // The stats of a primary or derived quantity by name; throws std::out_of_range.
  const ObservableStats& observable(const std::string& name) const;
};

class IndependenceMetropolis {
 public:
  // max_series: stored values per observable, even and >= 4. Names must be distinct.
  explicit IndependenceMetropolis(std::vector<std::string> observable_names,
                                  int64_t max_series = int64_t{1} << 20);

  // Consumes n proposals: log_weights[j] and observables[k][j] (same order as the
  // names). The whole chunk is checked first: throws std::invalid_argument on a NaN
  // or +inf log weight, a non-finite observable, or a wrong number of observables.
  void step(const double* log_weights, const std::vector<const double*>& observables, int64_t n, Rng& rng);

  // Throws std::invalid_argument with no samples or a bad derived spec. With a
  // single draw the errors are NaN.
  NmcmcResult result(const std::vector<DerivedSpec>& derived = {}) const;

  int64_t samples() const { return n_; }
  int64_t bin_size() const { return bin_size_; }
  double current_log_weight() const { return lw_current_; }
  // Stored series of observable k: single draws, or bin means of bin_size() draws.
  const std::vector<double>& series(size_t k) const { return series_.at(k); }

 private:
  void record();

  std::vector<std::string> names_;
  int64_t cap_;
  int64_t n_ = 0, accepted_ = 0, run_ = 0, longest_run_ = 0;
  double lw_current_ = -std::numeric_limits<double>::infinity();
  std::vector<double> current_;                // [k] observables of the current state
  std::vector<std::vector<double>> series_;    // [k] stored values (draws or bin means)
  int64_t bin_size_ = 1, pending_count_ = 0;   // draws in the incomplete bin
  std::vector<double> pending_sum_;            // [k]
  std::vector<double> shift_, sum_d_, sum_d2_; // [k] running sums of (O - shift)
};

}  // namespace bbg
