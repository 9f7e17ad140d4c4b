#include "bbg/sampler/integrator.hpp"

#include <stdexcept>

#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

void LeapfrogIntegrator::integrate(const Potential& potential, const Metric& metric, double* q, double* p, double eps,
                                   int64_t steps, double* scratch) const {
  potential.kick(q, p, 0.5 * eps, scratch);
  for (int64_t s = 0; s < steps; ++s) {
    metric.drift(q, p, eps, scratch);
    potential.kick(q, p, s + 1 < steps ? eps : 0.5 * eps, scratch);
  }
}

void OmelyanIntegrator::integrate(const Potential& potential, const Metric& metric, double* q, double* p, double eps,
                                  int64_t steps, double* scratch) const {
  const double outer = kLambda * eps, inner = (1.0 - 2.0 * kLambda) * eps;
  potential.kick(q, p, outer, scratch);
  for (int64_t s = 0; s < steps; ++s) {
    metric.drift(q, p, 0.5 * eps, scratch);
    potential.kick(q, p, inner, scratch);
    metric.drift(q, p, 0.5 * eps, scratch);
    potential.kick(q, p, s + 1 < steps ? 2.0 * outer : outer, scratch);
  }
}

std::unique_ptr<SymplecticIntegrator> make_integrator(const std::string& name) {
  if (name == "leapfrog") return std::make_unique<LeapfrogIntegrator>();
  if (name == "omelyan") return std::make_unique<OmelyanIntegrator>();
  throw std::invalid_argument("must be \"leapfrog\" or \"omelyan\"");
}

}  // namespace bbg
