#include "bbg/targets/ising_spin_system.hpp"

#include "bbg/targets/ising.hpp"

namespace bbg {

IsingSpinSystem::IsingSpinSystem(const IsingTarget& target)
    : lattice_(target.lattice()), beta_(target.beta()), coupling_(target.coupling()), field_(target.field()) {}

int64_t IsingSpinSystem::size() const { return lattice_.volume(); }

EnergyDifference IsingSpinSystem::flip_difference(const int8_t* s, int64_t site) const {
  const int64_t d = lattice_.dim();
  const int32_t* fwd = lattice_.forward_table().data();
  const int32_t* bwd = lattice_.backward_table().data();
  int neighbours = 0;
  for (int64_t a = 0; a < d; ++a) neighbours += s[fwd[site * d + a]] + s[bwd[site * d + a]];
  return {2.0 * beta_ * s[site] * (coupling_ * neighbours + field_), 0.0};
}

}  // namespace bbg
