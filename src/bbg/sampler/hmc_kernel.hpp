// Hybrid (Hamiltonian) Monte Carlo transition (Duane, Kennedy, Pendleton, Roweth,
// PLB 195 (1987) 216; Neal, "MCMC using Hamiltonian dynamics", 2011):
//   p ~ N(0, M); integrate H = U(q) + K(p) for n steps of size eps;
//   accept (q', p') with probability min(1, exp(-dH)), dH = H(q', p') - H(q, p).
// The number of steps is fixed, or follows a trajectory length tau as
// n = ceil(tau / eps) (recomputed whenever eps changes, e.g. during adaptation).
// One kernel per chain: it owns the momentum and scratch buffers.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/step_info.hpp"

namespace bbg {

class Metric;
class Potential;
class Rng;
class SymplecticIntegrator;

struct HmcState {
  std::vector<double> q;
  double potential = 0.0;  // U(q)
};

struct HmcPath {
  double step_size = 0.1;
  int64_t steps = 0;               // > 0: fixed number of steps
  double trajectory_length = 1.0;  // used when steps == 0
};

class HmcKernel {
 public:
  HmcKernel(const Potential& potential, const Metric& metric, const SymplecticIntegrator& integrator,
            const HmcPath& path);
  HmcState init(std::vector<double> q) const;
  StepInfo step(HmcState& state, Rng& rng);

  void set_step_size(double eps);
  double step_size() const { return eps_; }
  int64_t steps() const { return steps_; }

 private:
  const Potential& potential_;
  const Metric& metric_;
  const SymplecticIntegrator& integrator_;
  HmcPath path_;
  double eps_;
  int64_t steps_;
  std::vector<double> p_, q_start_, scratch_;
};

}  // namespace bbg
