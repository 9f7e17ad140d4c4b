// Symplectic, time-reversible integrators for H = U(q) + p^T M^-1 p / 2, as step
// objects on flat arrays. A kick is p -= eps dU/dq (Potential::kick), a drift is
// q += eps M^-1 p (Metric::drift).
//
// leapfrog (velocity Verlet): kick(eps/2); n x [drift(eps); kick(eps)] with the
//   last kick halved; n + 1 gradient evaluations for n steps, error O(eps^2).
// omelyan (second-order minimum-norm, "2MN"; Omelyan, Mryglod, Folk, Comput.
//   Phys. Commun. 151 (2003) 272; Takaishi & de Forcrand, PRE 73 (2006) 036706):
//   one step = kick(lambda eps) drift(eps/2) kick((1 - 2 lambda) eps) drift(eps/2)
//   kick(lambda eps), lambda = 0.1931833275037836; adjacent kicks merge, 2n + 1
//   gradient evaluations.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace bbg {

class Metric;
class Potential;

class SymplecticIntegrator {
 public:
  virtual ~SymplecticIntegrator() = default;
  virtual std::string name() const = 0;
  // Integrates (q, p) in place for `steps` steps of size eps; scratch: size() doubles.
  virtual void integrate(const Potential& potential, const Metric& metric, double* q, double* p, double eps,
                         int64_t steps, double* scratch) const = 0;
  virtual int64_t gradient_evaluations(int64_t steps) const = 0;
};

class LeapfrogIntegrator : public SymplecticIntegrator {
 public:
  std::string name() const override { return "leapfrog"; }
  void integrate(const Potential& potential, const Metric& metric, double* q, double* p, double eps, int64_t steps,
                 double* scratch) const override;
  int64_t gradient_evaluations(int64_t steps) const override { return steps + 1; }
};

class OmelyanIntegrator : public SymplecticIntegrator {
 public:
  static constexpr double kLambda = 0.1931833275037836;
  std::string name() const override { return "omelyan"; }
  void integrate(const Potential& potential, const Metric& metric, double* q, double* p, double eps, int64_t steps,
                 double* scratch) const override;
  int64_t gradient_evaluations(int64_t steps) const override { return 2 * steps + 1; }
};

// "leapfrog" | "omelyan"; std::invalid_argument otherwise.
std::unique_ptr<SymplecticIntegrator> make_integrator(const std::string& name);

}  // namespace bbg
