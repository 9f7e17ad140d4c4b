#include "bbg/targets/falicov_kimball_spin_action.hpp"

#include <vector>

#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {

int64_t FalicovKimballSpinAction::size() const { return target_.model().sites(); }

double FalicovKimballSpinAction::value(const int8_t* s) const {
  thread_local std::vector<double> spins;
  spins.assign(s, s + size());
  return target_.action_of(spins.data());
}

}  // namespace bbg
