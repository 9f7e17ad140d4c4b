#include "bbg/targets/falicov_kimball_chain_energy.hpp"

#include "bbg/exact/falicov_kimball_flip_energy.hpp"
#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {

FalicovKimballChainEnergy::FalicovKimballChainEnergy(const FalicovKimballTarget& target) : target_(target) {}

FalicovKimballChainEnergy::~FalicovKimballChainEnergy() = default;

exact::FalicovKimballFlipEnergy& FalicovKimballChainEnergy::at(const std::vector<int8_t>& s) {
  if (!energy_ || s != spins_) {
    const std::vector<double> spins(s.begin(), s.end());
    if (energy_)
      energy_->reset(spins.data());
    else
      energy_ = std::make_unique<exact::FalicovKimballFlipEnergy>(target_.model(), target_.beta(), spins.data());
  }
  return *energy_;
}

}  // namespace bbg
