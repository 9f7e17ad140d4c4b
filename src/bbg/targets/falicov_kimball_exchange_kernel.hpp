// Pair-exchange Metropolis for the Falicov-Kimball target at a fixed particle number, the same
// chain as PairExchangeKernel on FalicovKimballSpinAction (N proposals per step, a uniformly
// chosen occupied and empty site swapped, min(1, exp(-dS)), the same random numbers), with each
// proposal's S from exact::FalicovKimballFlipEnergy::pair_action: two rank-one changes, O(N^2),
// instead of an O(N^3) eigenproblem; an accepted exchange is two rank-one updates. A state
// changed from outside is decomposed afresh. Same chain up to ties, as FalicovKimballFlipKernel
// (falicov_kimball_flip_kernel.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/spin_kernels.hpp"
#include "bbg/targets/falicov_kimball_chain_energy.hpp"

namespace bbg {

class FalicovKimballTarget;

class FalicovKimballExchangeKernel : public SpinKernel {
 public:
  // Keeps a reference to `target`; std::invalid_argument without a fixed particle number.
  explicit FalicovKimballExchangeKernel(const FalicovKimballTarget& target);
  ~FalicovKimballExchangeKernel() override;
  StepInfo step(SpinState& state, Rng& rng) override;  // N exchange proposals

 private:
  FalicovKimballChainEnergy energy_;
  std::vector<int32_t> up_, down_;
};

}  // namespace bbg
