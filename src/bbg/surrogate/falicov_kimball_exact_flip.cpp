#include "bbg/surrogate/falicov_kimball_exact_flip.hpp"

#include "bbg/exact/falicov_kimball_flip_energy.hpp"
#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {

namespace {

class FalicovKimballExactFlip : public ExactFlipEnergy {
 public:
  FalicovKimballExactFlip(const exact::FalicovKimballModel& model, double beta, const std::vector<double>& spins)
      : energy_(model, beta, spins.data()) {}
  double energy() const override { return energy_.action(); }
  double flip_energy(int64_t site) override { return energy_.flip_action(site); }
  void accept_flip(int64_t site) override { energy_.accept_flip(site); }
  void reset(const std::vector<double>& spins) override { energy_.reset(spins.data()); }
  std::unique_ptr<ExactFlipEnergy> clone() const override { return std::make_unique<FalicovKimballExactFlip>(*this); }

 private:
  exact::FalicovKimballFlipEnergy energy_;
};

}  // namespace

std::unique_ptr<ExactFlipEnergy> make_exact_flip_energy(const Target& target, const std::vector<double>& spins) {
  const auto* fk = dynamic_cast<const FalicovKimballTarget*>(&target);
  if (!fk || fk->particles()) return nullptr;  // a fixed particle number: S = +inf off the sector
  return std::make_unique<FalicovKimballExactFlip>(fk->model(), fk->beta(), spins);
}

}  // namespace bbg
