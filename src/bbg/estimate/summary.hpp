// One-stop statistics of an observable measured in several chains.
//
// Primaries: value, error and tau_int from Wolff's Gamma method (gamma_method.hpp,
// U. Wolff, Comput. Phys. Commun. 156 (2004) 143), the chains taken as replicas;
// rhat and ess_bulk from the split rank-normalized diagnostics of Vehtari et al.,
// Bayesian Analysis 16 (2021) 667 (convergence.hpp).
// Derived quantities F = f(<a_1>, ..., <a_n>): value, error and tau_int from
// gamma_method_derived; rhat and ess_bulk from the linearised series
// sum_alpha f_alpha (a_alpha - abb_alpha); jackknife_error from the binned jackknife
// over all chains with bin size jackknife_bin_size(max_alpha tau_int(a_alpha),
// shortest chain), as an independent cross-check (error stays the Gamma-method one).
// tau_int uses the convention tau_int = 0.5 for uncorrelated data.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace bbg {

struct ObservableStats {
  double value = 0.0, error = 0.0, naive_error = 0.0, tau_int = 0.5, tau_int_error = 0.0;
  int64_t window = 0, n = 0;
  double rhat = std::numeric_limits<double>::quiet_NaN();
  double ess_bulk = std::numeric_limits<double>::quiet_NaN();
  double jackknife_error = std::numeric_limits<double>::quiet_NaN();  // NaN for primaries
};

// chains[c][t]: chain c, draw t (each chain >= 2 draws).
ObservableStats summarize(const std::vector<std::vector<double>>& chains);

// primaries[alpha][c][t]; f maps the means of the primaries to the derived quantity.
ObservableStats summarize_derived(const std::vector<std::vector<std::vector<double>>>& primaries,
                                  const std::function<double(const std::vector<double>&)>& f);

}  // namespace bbg
