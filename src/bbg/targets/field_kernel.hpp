// Plain-array kernel for one configuration of a continuous target, used by the
// HMC integrators in their inner loop where tensor-op overhead would dominate.
// Every method must agree with the target's tensor action()/force(); the
// conformance test checks that for every registered target.
#pragma once
#include <cstdint>

namespace bbg {

class FieldKernel {
 public:
  virtual ~FieldKernel() = default;
  virtual int64_t size() const = 0;                       // degrees of freedom
  virtual double action(const double* x) const = 0;       // S(x)
  virtual void gradient(const double* x, double* g) const = 0;  // g = dS/dx
  // p <- p - eps * dS/dx(x); `scratch` has size() doubles. Override to fuse.
  virtual void kick(const double* x, double* p, double eps, double* scratch) const {
    gradient(x, scratch);
    const int64_t n = size();
    for (int64_t i = 0; i < n; ++i) p[i] -= eps * scratch[i];
  }
};

}  // namespace bbg
