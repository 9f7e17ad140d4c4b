// Whether a target's action is even, S(x) = S(-x) (the Z2 symmetry of phi^4, of the
// Ising model at h = 0, of a symmetric double well). Checked numerically on a few
// fixed random configurations, so every registered target answers without code of
// its own; models are Z2-symmetric by default exactly when this holds.
#pragma once

namespace bbg {

class Target;

// True when |S(x) - S(-x)| <= 1e-10 (1 + |S(x)|) on 16 configurations drawn with a
// fixed seed (N(0, 1) fields, or uniform ±1 spins).
bool action_is_even(const Target& target);

}  // namespace bbg
