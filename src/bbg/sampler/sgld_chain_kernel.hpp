// SGLD (Welling & Teh, "Bayesian learning via stochastic gradient Langevin
// dynamics", ICML 2011, eq. 4) as a ChainKernel, on any step schedule:
//   theta <- theta - (eps_k / 2) dU/dtheta + N(0, eps_k I),
// dU/dtheta on the minibatch that potential.refresh(rng) draws once per update
// (a WeightPotential's U carries the N / n factor). Exploration steps of a cyclical
// schedule drop the noise (SGD). Unadjusted: at a constant step the stationary law
// is biased by O(eps) (Euler-Maruyama; on a Gaussian with precision A and the full
// batch the covariance is (A - eps A^2 / 4)^-1 = Sigma + eps I / 4 + O(eps^2)), and
// the minibatch gradient noise adds another O(eps) term to the covariance.
#pragma once
#include <vector>

#include "bbg/sampler/scheduled_sg_kernel.hpp"

namespace bbg {

class SgldChainKernel : public ScheduledSgKernel {
 public:
  SgldChainKernel(const Potential& potential, const StepSchedule& schedule, std::vector<double> q0);

 protected:
  int64_t update(Rng& rng, double eps, bool noise) override;

 private:
  std::vector<double> gradient_;
};

}  // namespace bbg
