#include "bbg/exact/falicov_kimball_enumeration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace bbg {
namespace exact {

FalicovKimballExact enumerate_falicov_kimball(const FalicovKimballModel& model, double beta,
                                              std::optional<int64_t> particles) {
  const int64_t n = model.sites();
  if (n > 20) throw std::invalid_argument("enumerate_falicov_kimball: at most 20 sites (2^N eigenproblems)");
  if (particles && (*particles < 0 || *particles > n))
    throw std::invalid_argument("enumerate_falicov_kimball: particles must be in [0, N]");
  struct Sample {
    double log_w, e, e2, sf, occupation;
  };
  std::vector<Sample> samples;
  std::vector<double> spins(n), eps(n), h(n * n);
  EigenWorkspace workspace;
  const uint64_t states = uint64_t{1} << n;
  for (uint64_t bits = 0; bits < states; ++bits) {
    const int64_t count = __builtin_popcountll(bits);
    if (particles && count != *particles) continue;
    for (int64_t i = 0; i < n; ++i) spins[i] = (bits >> i) & 1 ? 1.0 : -1.0;
    model.spectrum(spins.data(), eps.data(), h.data(), workspace);
    const FermionThermodynamics f = fermion_thermodynamics(eps.data(), n, beta);
    const double nd = static_cast<double>(n);
    samples.push_back({-f.action, f.energy / nd, f.energy_squared / (nd * nd), model.structure_factor(spins.data()),
                       static_cast<double>(count) / nd});
  }
  double max_log_w = -std::numeric_limits<double>::infinity();
  for (const auto& s : samples) max_log_w = std::max(max_log_w, s.log_w);
  double w_sum = 0;
  FalicovKimballExact out;
  for (const auto& s : samples) {
    const double w = std::exp(s.log_w - max_log_w);
    w_sum += w;
    out.energy += w * s.e;
    out.energy2 += w * s.e2;
    out.structure_factor += w * s.sf;
    out.structure_factor2 += w * s.sf * s.sf;
    out.occupation += w * s.occupation;
  }
  out.energy /= w_sum;
  out.energy2 /= w_sum;
  out.structure_factor /= w_sum;
  out.structure_factor2 /= w_sum;
  out.occupation /= w_sum;
  // Var(H) / N^2 = <e2> - <e>^2 with the fermion part: <E(x)^2> - <E>^2 two-pass, plus <Var_x H>.
  double var_classical = 0, fermion_part = 0;
  for (const auto& s : samples) {
    const double w = std::exp(s.log_w - max_log_w) / w_sum;
    var_classical += w * (s.e - out.energy) * (s.e - out.energy);
    fermion_part += w * (s.e2 - s.e * s.e);
  }
  const double nd = static_cast<double>(n);
  out.specific_heat = beta * beta * nd * (var_classical + fermion_part);
  out.binder = 1.0 - out.structure_factor2 / (3.0 * out.structure_factor * out.structure_factor);
  out.log_z = max_log_w + std::log(w_sum);
  out.configurations = static_cast<int64_t>(samples.size());
  out.method = "exact enumeration of " + std::to_string(out.configurations) + " configurations (" +
               (particles ? std::to_string(*particles) + " particles" : std::string("grand canonical")) +
               "), one eigenproblem each";
  return out;
}

}  // namespace exact
}  // namespace bbg
