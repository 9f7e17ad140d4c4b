#include "bbg/sampler/sgld_chain_kernel.hpp"

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

SgldChainKernel::SgldChainKernel(const Potential& potential, const StepSchedule& schedule, std::vector<double> q0)
    : ScheduledSgKernel(potential, schedule, std::move(q0), "SGLD"), gradient_(q_.size()) {}

int64_t SgldChainKernel::update(Rng& rng, double eps, bool noise) {
  potential_.refresh(rng);
  potential_.gradient(q_.data(), gradient_.data());
  const double root = std::sqrt(eps);
  for (size_t i = 0; i < q_.size(); ++i) {
    q_[i] -= 0.5 * eps * gradient_[i];
    if (noise) q_[i] += root * rng.normal();
  }
  return 1;
}

}  // namespace bbg
