// Single-flip Metropolis for the grand canonical Falicov-Kimball target, the same chain as
// SingleFlipMetropolisKernel on FalicovKimballSpinAction (sites in order, min(1, exp(-dS)),
// the same random numbers), but each proposal's S from the incremental
// exact::FalicovKimballFlipEnergy: O(N^2) per proposal, one N x K x K matrix product per
// accepted flip, instead of an O(N^3) eigenproblem per proposal. (Same chain up to ties: where
// a proposal's dS is 0 to the last bit on one side and +-1e-14 on the other, e.g. a symmetry
// image of the current configuration, one kernel accepts outright and the other draws a
// uniform; both are correct, the random streams part there.) The state it was built for is kept; a state changed from
// outside (a checkpoint restore, a new start) is decomposed afresh.
#pragma once

#include "bbg/sampler/spin_kernels.hpp"
#include "bbg/targets/falicov_kimball_chain_energy.hpp"

namespace bbg {

class FalicovKimballTarget;

class FalicovKimballFlipKernel : public SpinKernel {
 public:
  // Keeps a reference to `target`; std::invalid_argument if it has a fixed particle number.
  explicit FalicovKimballFlipKernel(const FalicovKimballTarget& target);
  ~FalicovKimballFlipKernel() override;
  StepInfo step(SpinState& state, Rng& rng) override;  // one sweep

 private:
  FalicovKimballChainEnergy energy_;
};

}  // namespace bbg
