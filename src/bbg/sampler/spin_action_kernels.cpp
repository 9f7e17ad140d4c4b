#include "bbg/sampler/spin_action_kernels.hpp"

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/spin_action.hpp"

namespace bbg {
double metropolis_probability(double d) {
  if (std::isnan(d)) return 0.0;  // inf - inf: neither state has weight
  return d <= 0.0 ? 1.0 : std::exp(-d);
}

double CachedAction::of(const std::vector<int8_t>& spins) {
  if (spins != spins_) set(spins, action_.value(spins.data()));
  return value_;
}

StepInfo SingleFlipMetropolisKernel::step(SpinState& state, Rng& rng) {
  auto& s = state.spins;
  const int64_t n = static_cast<int64_t>(s.size());
  double current = current_.of(s), statistic = 0.0;
  StepInfo info;
  info.moves_proposed = n;
  for (int64_t i = 0; i < n; ++i) {
    s[i] = static_cast<int8_t>(-s[i]);
    const double proposed = current_.action().value(s.data());
    const double p = metropolis_probability(proposed - current);
    statistic += p;
    if (p >= 1.0 || rng.uniform() < p) {
      current = proposed;
      ++info.moves_accepted;
    } else {
      s[i] = static_cast<int8_t>(-s[i]);
    }
  }
  current_.set(s, current);
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = n > 0 ? statistic / static_cast<double>(n) : 0.0;
  return info;
}

StepInfo PairExchangeKernel::step(SpinState& state, Rng& rng) {
  auto& s = state.spins;
  const int64_t n = static_cast<int64_t>(s.size());
  double current = current_.of(s), statistic = 0.0;
  up_.clear(), down_.clear();
  for (int64_t i = 0; i < n; ++i) (s[i] > 0 ? up_ : down_).push_back(static_cast<int32_t>(i));
  StepInfo info;
  if (up_.empty() || down_.empty()) return info;  // a single configuration in this sector
  info.moves_proposed = n;
  for (int64_t k = 0; k < n; ++k) {
    const uint64_t a = rng.below(up_.size()), b = rng.below(down_.size());
    const int32_t i = up_[a], j = down_[b];
    s[i] = -1, s[j] = 1;
    const double proposed = current_.action().value(s.data());
    const double p = metropolis_probability(proposed - current);
    statistic += p;
    if (p >= 1.0 || rng.uniform() < p) {
      current = proposed;
      up_[a] = j, down_[b] = i;
      ++info.moves_accepted;
    } else {
      s[i] = 1, s[j] = -1;
    }
  }
  current_.set(s, current);
  info.accepted = info.moves_accepted > 0;
  info.acceptance_statistic = statistic / static_cast<double>(n);
  return info;
}

}  // namespace bbg
