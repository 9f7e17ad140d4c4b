#include "bbg/estimate/mode_dropping.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bbg/estimate/gamma_method.hpp"

namespace bbg {

ModeDroppingResult mode_dropping(const Estimate& log_z_q,
                                 const std::vector<std::vector<double>>& log_weights_on_p_chains) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const auto& chains = log_weights_on_p_chains;
  if (!std::isfinite(log_z_q.value)) throw std::invalid_argument("mode_dropping: ln Z_q is not finite");
  if (chains.empty()) throw std::invalid_argument("mode_dropping: no p chain given");
  double c = -kInf;  // max of -lw
  int64_t n = 0;
  for (const auto& chain : chains) {
    if (chain.size() < 2) throw std::invalid_argument("mode_dropping: every p chain needs >= 2 draws");
    for (double lw : chain) {
      if (std::isnan(lw)) throw std::invalid_argument("mode_dropping: NaN log weight");
      if (lw == -kInf) throw std::invalid_argument("mode_dropping: log weight -inf on a p draw (S = +inf)");
      c = std::max(c, -lw);
    }
    n += static_cast<int64_t>(chain.size());
  }
  ModeDroppingResult r;
  r.p_samples = n;
  if (c == -kInf) {  // q = 0 at every p draw
    r.value = 0.0;
    r.log_value = -kInf;
    r.log_z_p = kInf;
    return r;
  }
  std::vector<std::vector<double>> y(chains.size());
  for (size_t k = 0; k < chains.size(); ++k) {
    y[k].reserve(chains[k].size());
    for (double lw : chains[k]) y[k].push_back(std::exp(-lw - c));
  }
  const GammaResult g = gamma_method(y);
  const double log_mean = c + std::log(g.value);  // ln mean_p(e^{-lw})
  const double rel = g.error / g.value;           // error of log_mean
  r.tau_int = g.tau_int;
  r.log_z_p = -log_mean;
  r.log_z_p_error = rel;
  r.log_value = log_z_q.value + log_mean;
  r.log_error = std::sqrt(log_z_q.error * log_z_q.error + rel * rel);  // NaN if either is
  r.value = std::exp(r.log_value);
  r.error = r.value * r.log_error;
  return r;
}

}  // namespace bbg
