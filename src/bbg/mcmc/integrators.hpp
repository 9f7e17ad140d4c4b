// The integrator choice of the [hmc] config section; the integrators themselves
// are step objects in sampler/integrator.hpp.
#pragma once
#include <string>

namespace bbg {

enum class Integrator { Leapfrog, Omelyan };

Integrator parse_integrator(const std::string& name);  // throws std::invalid_argument
std::string integrator_name(Integrator integrator);   // "leapfrog" | "omelyan"

}  // namespace bbg
