#include "bbg/mcmc/integrators.hpp"

#include <stdexcept>

namespace bbg {

Integrator parse_integrator(const std::string& name) {
  if (name == "leapfrog") return Integrator::Leapfrog;
  if (name == "omelyan") return Integrator::Omelyan;
  throw std::invalid_argument("must be \"leapfrog\" or \"omelyan\"");
}

std::string integrator_name(Integrator integrator) {
  return integrator == Integrator::Leapfrog ? "leapfrog" : "omelyan";
}

}  // namespace bbg
