// The Ising target seen as a SpinSystem (sampler/spin_system.hpp): flipping s_i
// changes S = beta E by exactly 2 beta s_i (J sum_nb s_j + h). With it the generic
// LocalMetropolisKernel samples Ising; run_spin_mcmc keeps the tabulated
// checkerboard and Wolff fast paths.
#pragma once
#include "bbg/sampler/spin_system.hpp"

namespace bbg {

class IsingTarget;
class Lattice;

class IsingSpinSystem : public SpinSystem {
 public:
  explicit IsingSpinSystem(const IsingTarget& target);  // keeps a reference
  int64_t size() const override;
  EnergyDifference flip_difference(const int8_t* s, int64_t site) const override;

 private:
  const Lattice& lattice_;
  double beta_, coupling_, field_;
};

}  // namespace bbg
