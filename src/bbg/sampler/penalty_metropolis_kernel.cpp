#include "bbg/sampler/penalty_metropolis_kernel.hpp"

#include "bbg/core/rng.hpp"

namespace bbg {

PenaltyMetropolisKernel::PenaltyMetropolisKernel(const Potential& potential, const PenaltySettings& settings,
                                                 std::vector<double> q0)
    : PenaltyKernel(potential, settings, 0.25, std::move(q0), "penalty Metropolis") {}

double PenaltyMetropolisKernel::propose(Rng& rng, int64_t& gradients) {
  for (size_t i = 0; i < q_.size(); ++i) proposal_[i] = q_[i] + step_ * rng.normal();
  return 0.0;  // symmetric
}

}  // namespace bbg
