// A potential U(q) on a flat vector of doubles q (a lattice field, or the
// flattened weights of a network): p(q) ∝ exp(-U(q)). The samplers only see this
// interface, in the spirit of Grid's action interface (refresh, S, deriv).
//
// A lattice target's native kernel is a Potential with U = S (Target::kernel());
// it must agree with the target's tensor action()/force() (tests/targets/
// test_conformance.cpp checks every registered target).
#pragma once
#include <cstdint>
#include <string>

namespace bbg {

class Rng;
namespace io {
class Checkpoint;
}

// U(q_to) - U(q_from), or an unbiased estimate of it with the variance of that
// estimate (a minibatch energy); the penalty method needs both.
struct EnergyDifference {
  double delta = 0.0;
  double variance = 0.0;
};

class Potential {
 public:
  virtual ~Potential() = default;
  virtual int64_t size() const = 0;                             // dimension of q
  virtual double value(const double* q) const = 0;              // U(q)
  virtual void gradient(const double* q, double* g) const = 0;  // g = dU/dq

  // p <- p - eps dU/dq(q); `scratch` has size() doubles. Override to fuse the
  // gradient into the update (the HMC inner loop).
  virtual void kick(const double* q, double* p, double eps, double* scratch) const {
    gradient(q, scratch);
    const int64_t n = size();
    for (int64_t i = 0; i < n; ++i) p[i] -= eps * scratch[i];
  }

  // Called by a kernel before each transition. A stochastic potential draws a new
  // minibatch here (kept in mutable state: give each chain its own potential);
  // a deterministic one ignores it and draws nothing.
  virtual void refresh(Rng& rng) const {}

  // U(q_to) - U(q_from) with the variance of the estimate; exact by default.
  virtual EnergyDifference estimate_difference(const double* q_from, const double* q_to) const {
    return {value(q_to) - value(q_from), 0.0};
  }

  // The mutable state refresh() moves (a minibatch position), for exact resume;
  // a deterministic potential has none.
  virtual void save(io::Checkpoint& checkpoint, const std::string& prefix) const {}
  virtual void restore(const io::Checkpoint& checkpoint, const std::string& prefix) {}
};

}  // namespace bbg
