// Stochastic gradient Langevin dynamics (Welling & Teh, "Bayesian learning via
// stochastic gradient Langevin dynamics", ICML 2011, eq. 4), with an optional
// constant preconditioner M^-1 given by a Metric (unit by default):
//   theta <- theta - (eps_t / 2) M^-1 dU/dtheta + eta,  eta ~ N(0, eps_t M^-1),
// dU/dtheta from the minibatch that potential.refresh(rng) draws once per step
// (weight_potential.hpp: U already carries the N / n factor and 1 / T). The step
// decays polynomially,
//   eps_t = a (b + t)^(-gamma),  t = 0, 1, 2, ...  (the state's step counter),
// gamma in (0.5, 1] for Welling and Teh's convergence conditions (sum eps_t = inf,
// sum eps_t^2 < inf); gamma = 0 is a constant step a b^0 = a.
// There is no Metropolis test: every step is accepted, and at a fixed step the
// stationary distribution is biased by O(eps) (Euler-Maruyama discretisation plus
// the minibatch gradient noise; docs/bayes.md). The noise is M^-1 p with p ~ N(0, M)
// drawn by the metric, i.e. N(0, M^-1).
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/step_info.hpp"

namespace bbg {
class Metric;
class Potential;
class Rng;
}  // namespace bbg

namespace bbg::bayes {

struct SgldSchedule {
  double a = 1e-3, b = 1.0, gamma = 0.55;
  // a > 0, b > 0, 0 <= gamma <= 1 (std::invalid_argument otherwise).
  void validate() const;
  double step_size(int64_t t) const;  // a (b + t)^-gamma
};

struct SgldState {
  std::vector<double> q;
  int64_t t = 0;  // steps taken (the schedule's position)
};

class SgldKernel {
 public:
  SgldKernel(const Potential& potential, const Metric& metric, const SgldSchedule& schedule);
  SgldState init(std::vector<double> q) const;
  // One step at eps_t; energy_error and acceptance_statistic are not computed
  // (acceptance_statistic = 1), gradient_evaluations = 1.
  StepInfo step(SgldState& state, Rng& rng);
  const SgldSchedule& schedule() const { return schedule_; }

 private:
  const Potential& potential_;
  const Metric& metric_;
  SgldSchedule schedule_;
  std::vector<double> gradient_, drift_, momentum_, noise_;
};

}  // namespace bbg::bayes
