#include "bbg/targets/falicov_kimball_flip_kernel.hpp"

#include <stdexcept>
#include <string>

#include "bbg/core/rng.hpp"
#include "bbg/exact/falicov_kimball_flip_energy.hpp"
#include "bbg/sampler/spin_action_kernels.hpp"
#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {

FalicovKimballFlipKernel::FalicovKimballFlipKernel(const FalicovKimballTarget& target) : energy_(target) {
  if (target.particles())
    throw std::invalid_argument("FalicovKimballFlipKernel: single flips change the particle number (target has " +
                                std::to_string(*target.particles()) + " particles); use PairExchangeKernel");
}

FalicovKimballFlipKernel::~FalicovKimballFlipKernel() = default;

StepInfo FalicovKimballFlipKernel::step(SpinState& state, Rng& rng) {
  auto& s = state.spins;
  const int64_t n = static_cast<int64_t>(s.size());
  exact::FalicovKimballFlipEnergy& energy = energy_.at(s);
  double current = energy.action(), statistic = 0.0;
  StepInfo info;
  info.moves_proposed = n;
  for (int64_t i = 0; i < n; ++i) {
    const double proposed = energy.flip_action(i);
    const double p = metropolis_probability(proposed - current);
    statistic += p;
    if (p >= 1.0 || rng.uniform() < p) {
      s[i] = static_cast<int8_t>(-s[i]);
      energy.accept_flip(i);
      current = energy.action();
      ++info.moves_accepted;
    }
  }
  energy_.leave(s);
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = n > 0 ? statistic / static_cast<double>(n) : 0.0;
  return info;
}

}  // namespace bbg
