#include "bbg/sampler/penalty_langevin_kernel.hpp"

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

PenaltyLangevinKernel::PenaltyLangevinKernel(const Potential& potential, const PenaltySettings& settings,
                                             std::vector<double> q0)
    : PenaltyKernel(potential, settings, 0.57, std::move(q0), "penalty Langevin"),
      g_from_(q_.size()),
      g_to_(q_.size()) {}

double PenaltyLangevinKernel::propose(Rng& rng, int64_t& gradients) {
  potential_.refresh(rng);  // B0
  potential_.gradient(q_.data(), g_from_.data());
  const double h = step_, root = std::sqrt(h);
  for (size_t i = 0; i < q_.size(); ++i) proposal_[i] = q_[i] - 0.5 * h * g_from_[i] + root * rng.normal();
  potential_.gradient(proposal_.data(), g_to_.data());  // same batch B0
  gradients += 2;
  double forward = 0.0, reverse = 0.0;
  for (size_t i = 0; i < q_.size(); ++i) {
    const double f = proposal_[i] - q_[i] + 0.5 * h * g_from_[i];
    const double r = q_[i] - proposal_[i] + 0.5 * h * g_to_[i];
    forward += f * f;
    reverse += r * r;
  }
  return (forward - reverse) / (2.0 * h);
}

}  // namespace bbg
