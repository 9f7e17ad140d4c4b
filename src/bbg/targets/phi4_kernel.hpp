// Native phi^4 kernel: action and gradient on one configuration, with a
// specialised fused loop for 2D lattices (the main case, the HMC hot path).
#pragma once
#include "bbg/core/lattice.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

class Phi4Kernel : public Potential {
 public:
  Phi4Kernel(const Lattice& lattice, double kappa, double lambda);
  int64_t size() const override { return lattice_.volume(); }
  double value(const double* x) const override;
  void gradient(const double* x, double* g) const override;
  void kick(const double* x, double* p, double eps, double* scratch) const override;

 private:
  template <class Out>
  void for_each_gradient(const double* x, Out&& out) const;
  Lattice lattice_;
  double kappa_, lambda_;
};

}  // namespace bbg
