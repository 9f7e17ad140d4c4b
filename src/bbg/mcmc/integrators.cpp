#include "bbg/mcmc/integrators.hpp"

#include <stdexcept>

#include "bbg/targets/field_kernel.hpp"

namespace bbg {
namespace {

constexpr double kOmelyanLambda = 0.1931833275037836;

void drift(double* x, const double* p, double eps, int64_t n) {
  for (int64_t i = 0; i < n; ++i) x[i] += eps * p[i];
}

}  // namespace

Integrator parse_integrator(const std::string& name) {
  if (name == "leapfrog") return Integrator::Leapfrog;
  if (name == "omelyan") return Integrator::Omelyan;
  throw std::invalid_argument("must be \"leapfrog\" or \"omelyan\"");
}

std::string integrator_name(Integrator integrator) {
  return integrator == Integrator::Leapfrog ? "leapfrog" : "omelyan";
}

int64_t force_evaluations_per_trajectory(Integrator integrator, int64_t steps) {
  return integrator == Integrator::Leapfrog ? steps + 1 : 2 * steps + 1;
}

void integrate(Integrator integrator, const FieldKernel& kernel, double* x, double* p, double eps, int64_t steps,
               double* scratch) {
  const int64_t n = kernel.size();
  if (integrator == Integrator::Leapfrog) {
    kernel.kick(x, p, 0.5 * eps, scratch);
    for (int64_t s = 0; s < steps; ++s) {
      drift(x, p, eps, n);
      kernel.kick(x, p, s + 1 < steps ? eps : 0.5 * eps, scratch);
    }
    return;
  }
  const double outer = kOmelyanLambda * eps, inner = (1.0 - 2.0 * kOmelyanLambda) * eps;
  kernel.kick(x, p, outer, scratch);
  for (int64_t s = 0; s < steps; ++s) {
    drift(x, p, 0.5 * eps, n);
    kernel.kick(x, p, inner, scratch);
    drift(x, p, 0.5 * eps, n);
    kernel.kick(x, p, s + 1 < steps ? 2.0 * outer : outer, scratch);
  }
}

}  // namespace bbg
