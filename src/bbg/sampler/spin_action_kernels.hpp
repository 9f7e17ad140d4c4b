// Metropolis kernels on a SpinAction (sampler/spin_action.hpp): each proposal costs
// one evaluation of S, the current S is kept (recomputed only when the state was
// changed from outside, e.g. by a checkpoint restore).
//
// SingleFlipMetropolisKernel: one sweep over the sites in order, flip s_i with
//   probability min(1, exp(-(S(s') - S(s)))); N proposals, grand canonical in x = (s + 1)/2.
// PairExchangeKernel: N proposals per step, each swaps a uniformly chosen up spin
//   (occupied site) with a uniformly chosen down spin (empty site); the proposal is
//   symmetric (the numbers of up and down spins do not change), so it is accepted
//   with min(1, exp(-(S(s') - S(s)))); it keeps sum_i s_i fixed (canonical). A state with
//   no up or no down spin has no move.
// Reference: N. Metropolis et al., J. Chem. Phys. 21, 1087 (1953); Kawasaki dynamics:
// D. P. Landau and K. Binder, A Guide to Monte Carlo Simulations in Statistical Physics, sec. 4.2.
// StepInfo: moves_proposed / moves_accepted count proposals; acceptance_statistic is
// the mean acceptance probability of the step.
#pragma once
#include <vector>

#include "bbg/sampler/spin_kernels.hpp"

namespace bbg {

class SpinAction;

// The Metropolis acceptance probability min(1, exp(-d)) of an action difference d
// (0 for NaN: inf - inf, neither state has weight). A kernel accepts when p >= 1 or
// rng.uniform() < p, drawing a uniform only for p < 1.
double metropolis_probability(double d);

// The current action, valid for the spins it was computed for.
class CachedAction {
 public:
  explicit CachedAction(const SpinAction& action) : action_(action) {}
  double of(const std::vector<int8_t>& spins);  // S(spins), recomputed if spins changed
  void set(const std::vector<int8_t>& spins, double value) { spins_ = spins, value_ = value; }
  const SpinAction& action() const { return action_; }

 private:
  const SpinAction& action_;
  std::vector<int8_t> spins_;
  double value_ = 0;
};

class SingleFlipMetropolisKernel : public SpinKernel {
 public:
  explicit SingleFlipMetropolisKernel(const SpinAction& action) : current_(action) {}
  StepInfo step(SpinState& state, Rng& rng) override;  // one sweep

 private:
  CachedAction current_;
};

class PairExchangeKernel : public SpinKernel {
 public:
  explicit PairExchangeKernel(const SpinAction& action) : current_(action) {}
  StepInfo step(SpinState& state, Rng& rng) override;  // N exchange proposals

 private:
  CachedAction current_;
  std::vector<int32_t> up_, down_;
};

}  // namespace bbg
