#include "bbg/targets/falicov_kimball_exchange_kernel.hpp"

#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/exact/falicov_kimball_flip_energy.hpp"
#include "bbg/sampler/spin_action_kernels.hpp"
#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {

FalicovKimballExchangeKernel::FalicovKimballExchangeKernel(const FalicovKimballTarget& target) : energy_(target) {
  if (!target.particles())
    throw std::invalid_argument(
        "FalicovKimballExchangeKernel: pair exchange needs a fixed particle number (target.particles); use "
        "FalicovKimballFlipKernel");
}

FalicovKimballExchangeKernel::~FalicovKimballExchangeKernel() = default;

StepInfo FalicovKimballExchangeKernel::step(SpinState& state, Rng& rng) {
  auto& s = state.spins;
  const int64_t n = static_cast<int64_t>(s.size());
  up_.clear(), down_.clear();
  for (int64_t i = 0; i < n; ++i) (s[i] > 0 ? up_ : down_).push_back(static_cast<int32_t>(i));
  StepInfo info;
  if (up_.empty() || down_.empty()) return info;  // a single configuration in this sector
  exact::FalicovKimballFlipEnergy& energy = energy_.at(s);
  double current = energy.action(), statistic = 0.0;
  info.moves_proposed = n;
  for (int64_t k = 0; k < n; ++k) {
    const uint64_t a = rng.below(up_.size()), b = rng.below(down_.size());
    const int32_t i = up_[a], j = down_[b];
    const double p = metropolis_probability(energy.pair_action(i, j) - current);
    statistic += p;
    if (p >= 1.0 || rng.uniform() < p) {
      s[i] = -1, s[j] = 1;
      energy.accept_pair(i, j);
      current = energy.action();
      up_[a] = j, down_[b] = i;
      ++info.moves_accepted;
    }
  }
  energy_.leave(s);
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = statistic / static_cast<double>(n);
  return info;
}

}  // namespace bbg
