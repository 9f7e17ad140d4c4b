#include "bbg/sampler/spin_kernels.hpp"

#include <cmath>

#include "bbg/sampler/spin_system.hpp"

namespace bbg {

StepInfo LocalMetropolisKernel::step(SpinState& state, Rng& rng) {
  system_.refresh(rng);
  const int64_t n = system_.size();
  StepInfo info;
  info.moves_proposed = n;
  double statistic = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    const EnergyDifference d = system_.flip_difference(state.spins.data(), i);
    const double log_ratio = -d.delta - 0.5 * d.variance;
    const double p = log_ratio >= 0.0 ? 1.0 : std::exp(log_ratio);
    statistic += p;
    if (p >= 1.0 || rng.uniform() < p) {
      state.spins[i] = static_cast<int8_t>(-state.spins[i]);
      ++info.moves_accepted;
    }
  }
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = n > 0 ? statistic / static_cast<double>(n) : 0.0;
  return info;
}

StepInfo CheckerboardMetropolisKernel::step(SpinState& state, Rng& rng) {
  StepInfo info;
  info.moves_proposed = static_cast<int64_t>(state.spins.size());
  info.moves_accepted = updater_.sweep(state.spins.data(), rng);
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = static_cast<double>(info.moves_accepted) / static_cast<double>(info.moves_proposed);
  return info;
}

StepInfo WolffKernel::step(SpinState& state, Rng& rng) {
  StepInfo info;
  info.moves_accepted = updater_.cluster(state.spins.data(), rng, stack_);
  info.accepted = true;  // a Wolff cluster is always flipped
  info.acceptance_statistic = 1.0;
  return info;
}

}  // namespace bbg
