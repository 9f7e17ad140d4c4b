// Symplectic, time-reversible integrators for H = p^2/2 + S(x) on plain arrays.
//
// leapfrog (velocity Verlet): p -= eps/2 F; n x [ x += eps p; p -= eps F ] with the
//   last kick halved; n + 1 force evaluations for n steps, error O(eps^2).
// omelyan (second-order minimum-norm, "2MN"; Omelyan, Mryglod, Folk, Comput. Phys.
//   Commun. 151 (2003) 272; Takaishi & de Forcrand, PRE 73 (2006) 036706):
//   one step = kick(lambda eps) drift(eps/2) kick((1 - 2 lambda) eps) drift(eps/2) kick(lambda eps)
//   with lambda = 0.1931833275037836; adjacent kicks merge, 2n + 1 force evaluations.
// F = dS/dx here, so a kick is p -= eps dS/dx.
#pragma once
#include <cstdint>
#include <string>

namespace bbg {

class FieldKernel;

enum class Integrator { Leapfrog, Omelyan };

Integrator parse_integrator(const std::string& name);  // throws std::invalid_argument
std::string integrator_name(Integrator integrator);
int64_t force_evaluations_per_trajectory(Integrator integrator, int64_t steps);

// Integrates (x, p) in place for `steps` steps of size eps. scratch: kernel.size() doubles.
void integrate(Integrator integrator, const FieldKernel& kernel, double* x, double* p, double eps, int64_t steps,
               double* scratch);

}  // namespace bbg
