// Single-flip Metropolis for the grand canonical Falicov-Kimball target, the same chain as
// SingleFlipMetropolisKernel on FalicovKimballSpinAction (sites in order, min(1, exp(-dS)),
// the same random numbers), but each proposal's S from the incremental
// exact::FalicovKimballFlipEnergy: O(N^2) per proposal, O(N^3) per accepted flip, instead of
// O(N^3) per proposal. The state it was built for is kept; a state changed from outside (a
// checkpoint restore, a new start) is decomposed afresh.
#pragma once
#include <memory>

#include "bbg/sampler/spin_kernels.hpp"

namespace bbg {

class FalicovKimballTarget;
namespace exact {
class FalicovKimballFlipEnergy;
}

class FalicovKimballFlipKernel : public SpinKernel {
 public:
  // Keeps a reference to `target`; std::invalid_argument if it has a fixed particle number.
  explicit FalicovKimballFlipKernel(const FalicovKimballTarget& target);
  ~FalicovKimballFlipKernel() override;
  StepInfo step(SpinState& state, Rng& rng) override;  // one sweep

 private:
  const FalicovKimballTarget& target_;
  std::unique_ptr<exact::FalicovKimballFlipEnergy> energy_;
  std::vector<int8_t> spins_;  // the configuration energy_ holds
};

}  // namespace bbg
