// Streaming neural importance sampling (NIS): ln Z, F = -ln Z, effective sample
// size, the variational free energy and reweighted observables from samples of a
// normalized model q, in memory that does not grow with the number of samples.
//
// Log weights lw_i = -S(x_i) - log q(x_i), x_i ~ q iid, w_i = exp(lw_i), N draws:
//     ln Z_hat  = logsumexp(lw) - ln N                       (E_q[w] = Z)
//     ESS/N     = (sum w)^2 / (N sum w^2)
//     <O>_hat   = sum w O / sum w                            (self-normalized)
//     F_q       = mean(-lw) = E_q[log q + S] >= F            (variational bound)
// Error of ln Z_hat by the delta method, with s^2 the sample variance of w:
//     err^2 = s^2 / (N wbar^2) = (N/ESS - 1)/(N - 1),
// and the leading bias of the log of an unbiased estimate, E[ln Z_hat] - ln Z
// ~ -err^2/2, is reported as `bias`; the value is NOT bias-corrected. F = -ln Z
// has the same error and the opposite bias. References: S. T. Tokdar, R. E. Kass,
// WIREs Comput. Stat. 2 (2010) 54 (importance sampling, ESS); K. A. Nicoli et
// al., PRL 126 (2021) 032001 (free energies from flows); docs/architecture.md, "Formulas".
//
// Numerics: a running maximum M of lw is kept and the sums are stored as
// sum exp(lw - M), sum exp(2 (lw - M)), sum exp(lw - M) (O - c); when M grows the
// stored sums are rescaled. c is the first value seen of each observable (a shift
// against cancellation). Sample i (global index, counted over all add() calls) goes
// to bin i % bins: the draws are iid, so round-robin bins are exchangeable, and the
// errors of reweighted observables and of derived quantities f(<O_1>, ...) come from
// the jackknife over those bins (bins may differ in size by one draw). With fewer
// than two non-empty bins the jackknife error is NaN.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "bbg/estimate/chain_analysis.hpp"
#include "bbg/estimate/summary.hpp"

namespace bbg {

// A point estimate with its statistical error and its estimated bias
// (E[estimator] - truth); `value` is never bias-corrected.
struct Estimate {
  double value = std::numeric_limits<double>::quiet_NaN();
  double error = std::numeric_limits<double>::quiet_NaN();
  double bias = 0.0;
};

// A derived quantity f(<inputs>): inputs name primaries (observables) whose means
// are the arguments of f, in this order.
struct DerivedSpec {
  std::string name;
  std::vector<std::string> inputs;
  std::function<double(const std::vector<double>&)> f;
  std::string description = {};
};

struct NisResult {
  int64_t samples = 0;
  Estimate log_z, f, f_per_site;
  double ess_per_sample = std::numeric_limits<double>::quiet_NaN();
  double max_log_weight = -std::numeric_limits<double>::infinity();
  // Variational free energy F_q = mean(-lw), error = s/sqrt(N), bias 0 (it is an
  // unbiased estimate of F_q, which itself lies above F). A draw with lw = -inf
  // makes F_q = +inf (error NaN).
  Estimate f_q, f_q_per_site;
  // KL(q||p) = F_q - F, estimated as f_q.value - f.value (no error given: the two
  // estimates are correlated).
  double kl_gap = std::numeric_limits<double>::quiet_NaN();
  // Primaries in the order of the accumulator's names, then the derived quantities.
  // ObservableStats: value, error = jackknife_error (over the bins), tau_int = 0.5
  // (iid draws), n = N, naive_error = delta-method error of the ratio estimator
  // sqrt(sum w^2 (O - <O>)^2) / sum w (NaN for derived quantities).
  std::vector<ObservableEstimate> observables;

  // The stats of a primary or derived quantity by name; throws std::out_of_range.
  const ObservableStats& observable(const std::string& name) const;
};

class ImportanceAccumulator {
 public:
  // bins >= 1 (the number of jackknife bins). Names must be distinct.
  explicit ImportanceAccumulator(std::vector<std::string> observable_names = {}, int64_t bins = 100);

  // log_weights[i], i < n; observables[k][i] is the value of observable k (same order
  // as the names) on draw i. The whole chunk is checked before anything is added:
  // throws std::invalid_argument on a NaN or +inf log weight, a NaN or infinite
  // observable value, or a wrong number of observable pointers. lw = -inf (zero
  // weight) is allowed.
  void add(const double* log_weights, const std::vector<const double*>& observables, int64_t n);
  // Log weights only; only for an accumulator without observables.
  void add(const double* log_weights, int64_t n);

  // sites > 0 divides F and F_q. Derived inputs must name observables. Throws
  // std::invalid_argument when there are no samples, when every log weight is -inf
  // (q has put no draw where p lives), or on a bad derived spec.
  NisResult result(const std::vector<DerivedSpec>& derived = {}, int64_t sites = 1) const;

  int64_t samples() const { return n_; }
  int64_t bins() const { return bins_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  void rescale_to(double new_max);

  std::vector<std::string> names_;
  int64_t bins_;
  int64_t n_ = 0, n_zero_weight_ = 0;
  double m_ = -std::numeric_limits<double>::infinity();  // running max of lw
  double s1_ = 0.0, s2_ = 0.0;                          // sum e, sum e^2, e = exp(lw - M)
  double fq_mean_ = 0.0, fq_m2_ = 0.0;                  // Welford on -lw (finite lw only)
  int64_t fq_n_ = 0;
  bool have_shift_ = false;
  std::vector<double> shift_;                  // [k]
  std::vector<int64_t> bin_count_;             // [b]
  std::vector<double> bin_w_;                  // [b]: sum e
  std::vector<std::vector<double>> bin_wo_;    // [k][b]: sum e (O - c)
  std::vector<double> w2o_, w2o2_;             // [k]: sum e^2 (O - c), sum e^2 (O - c)^2
};

// ln Z_hat with its delta-method error and bias from a vector of log weights.
Estimate log_z_from_log_weights(const std::vector<double>& log_weights);

// Forward ESS per sample from draws of p (e.g. HMC): with lw = -S - log q on x ~ p,
//     ESS_p/N = 1 / (mean_p(w) mean_p(1/w)),
// computed as exp(2 ln N - logsumexp(lw) - logsumexp(-lw)); Z cancels, so lw may
// carry any constant. It lies in [0, 1] and is 1 only for q = p. An infinite log
// weight gives 0. Throws std::invalid_argument on no draws or a NaN. K. A. Nicoli
// et al., PRD 108 (2023) 114501; docs/architecture.md, "Formulas".
double forward_ess_per_sample(const std::vector<double>& log_weights_on_p_samples);

}  // namespace bbg
