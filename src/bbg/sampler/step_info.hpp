// What one transition of a kernel reports (BlackJAX's "info"): whether the
// proposal was accepted, the energy error dH of the proposal, the Metropolis
// acceptance statistic min(1, exp(-dH)) (what step-size adaptation averages) and
// the cost in gradient evaluations. A composite step (a sweep of local flips, one
// Wolff cluster) also counts its elementary moves.
#pragma once
#include <cstdint>

namespace bbg {

struct StepInfo {
  bool accepted = false;
  double energy_error = 0.0;
  double acceptance_statistic = 0.0;
  int64_t gradient_evaluations = 0;
  int64_t value_evaluations = 0;  // potential values or difference estimates U(to) - U(from)
  int64_t moves_proposed = 0;  // spins: flips proposed (sweep) or 0 (cluster)
  int64_t moves_accepted = 0;  // spins: spins flipped
};

}  // namespace bbg
