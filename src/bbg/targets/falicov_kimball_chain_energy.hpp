// The incremental exact action a Falicov-Kimball kernel carries from one step to the next
// (exact/falicov_kimball_flip_energy.hpp), with the configuration it was left at: a state
// changed from outside between steps (a checkpoint restore, a new start) is decomposed afresh.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

namespace bbg {

class FalicovKimballTarget;
namespace exact {
class FalicovKimballFlipEnergy;
}

class FalicovKimballChainEnergy {
 public:
  explicit FalicovKimballChainEnergy(const FalicovKimballTarget& target);  // keeps a reference
  ~FalicovKimballChainEnergy();
  // The energy of the configuration s: the kept one if s is where the last step left it, else
  // a fresh decomposition of s.
  exact::FalicovKimballFlipEnergy& at(const std::vector<int8_t>& s);
  // The step ends at s (the energy's state must be s).
  void leave(const std::vector<int8_t>& s) { spins_ = s; }

 private:
  const FalicovKimballTarget& target_;
  std::unique_ptr<exact::FalicovKimballFlipEnergy> energy_;
  std::vector<int8_t> spins_;
};

}  // namespace bbg
