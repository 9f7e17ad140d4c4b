#include "bbg/estimate/summary.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/estimate/convergence.hpp"
#include "bbg/estimate/gamma_method.hpp"
#include "bbg/estimate/jackknife.hpp"

namespace bbg {
namespace {

ObservableStats from_gamma(const GammaResult& g, const ConvergenceResult& c) {
  ObservableStats s;
  s.value = g.value;
  s.error = g.error;
  s.naive_error = g.naive_error;
  s.tau_int = g.tau_int;
  s.tau_int_error = g.tau_int_error;
  s.window = g.window;
  s.n = g.n;
  s.rhat = c.rhat;
  s.ess_bulk = c.ess_bulk;
  return s;
}

// The largest tau_int of the primaries (NaN if any is NaN).
double max_tau_int(const std::vector<std::vector<std::vector<double>>>& primaries) {
  double tau = 0.5;
  for (const auto& p : primaries) {
    const double t = gamma_method(p).tau_int;
    if (std::isnan(t)) return t;
    tau = std::max(tau, t);
  }
  return tau;
}

int64_t shortest_chain(const std::vector<std::vector<double>>& chains) {
  size_t n = chains.front().size();
  for (const auto& c : chains) n = std::min(n, c.size());
  return static_cast<int64_t>(n);
}

}  // namespace

ObservableStats summarize(const std::vector<std::vector<double>>& chains) {
  return from_gamma(gamma_method(chains), convergence(chains));
}

ObservableStats summarize_derived(const std::vector<std::vector<std::vector<double>>>& primaries,
                                  const std::function<double(const std::vector<double>&)>& f) {
  const GammaResult g = gamma_method_derived(primaries, f);  // validates the input
  ObservableStats s = from_gamma(g, convergence(linearized_series(primaries, f)));
  const int64_t bin_size = jackknife_bin_size(max_tau_int(primaries), shortest_chain(primaries.front()));
  s.jackknife_error = jackknife_chains(primaries, f, bin_size).error;
  return s;
}

}  // namespace bbg
