// A discrete target over N spins s_i = ±1 (int8), p(s) ∝ exp(-S(s)), seen by the
// samplers only through the change of S when one spin flips. The difference may
// be exact or an unbiased estimate with a variance (an energy from a network or a
// minibatch); LocalMetropolisKernel then applies the penalty method.
#pragma once
#include <cstdint>

#include "bbg/sampler/potential.hpp"

namespace bbg {

class Rng;

class SpinSystem {
 public:
  virtual ~SpinSystem() = default;
  virtual int64_t size() const = 0;
  // S(s with spin `site` flipped) - S(s), with the variance of the estimate.
  virtual EnergyDifference flip_difference(const int8_t* s, int64_t site) const = 0;
  // Called before each transition; a stochastic energy draws new data here.
  virtual void refresh(Rng& rng) const {}
};

}  // namespace bbg
