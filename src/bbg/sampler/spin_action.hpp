// A discrete target over N spins s_i = ±1 (int8), p(s) ∝ exp(-S(s)), known through
// its whole action S(s): for energies with no cheap local difference (the
// Falicov-Kimball free energy, one eigenproblem per configuration), where a kernel
// evaluates S of each proposal and keeps S of the current state.
#pragma once
#include <cstdint>

namespace bbg {

class SpinAction {
 public:
  virtual ~SpinAction() = default;
  virtual int64_t size() const = 0;
  // S(s), +inf where p(s) = 0. Called concurrently from several chains: thread-safe.
  virtual double value(const int8_t* s) const = 0;
};

}  // namespace bbg
