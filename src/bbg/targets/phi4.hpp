// Lattice phi^4 theory in the hopping-parameter form (docs/conventions.md, "phi^4"):
//   S = sum_x [ -2 kappa sum_mu phi(x) phi(x+mu) + (1 - 2 lambda) phi(x)^2 + lambda phi(x)^4 ]
// periodic in 1 to 4 dimensions. Observables use m = (1/V) sum_x phi(x).
#pragma once
#include <memory>

#include "bbg/core/lattice.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

class Phi4Target : public Target {
 public:
  Phi4Target(std::vector<int64_t> shape, double kappa, double lambda);
  static std::shared_ptr<Target> from_config(const ConfigSection& section);

  std::string kind() const override { return "phi4"; }
  std::vector<int64_t> event_shape() const override { return lattice_.shape(); }
  bool discrete() const override { return false; }
  std::vector<std::pair<std::string, double>> parameters() const override;

  at::Tensor action(const at::Tensor& x) const override;
  at::Tensor force(const at::Tensor& x) const override;
  std::vector<Primary> primaries() const override;
  std::vector<Derived> derived() const override;
  Observables measure(const at::Tensor& x) const override;
  ExactResults exact() const override;
  const Potential* kernel() const override { return kernel_.get(); }

  double kappa() const { return kappa_; }
  double lambda() const { return lambda_; }
  const Lattice& lattice() const { return lattice_; }
  // Time extent (axis 0) for the zero-momentum correlator.
  int64_t time_extent() const { return lattice_.shape()[0]; }
  // Time separation whose effective mass defines the reported correlation length.
  int64_t correlation_length_time() const;

 private:
  Lattice lattice_;
  double kappa_, lambda_;
  std::unique_ptr<Potential> kernel_;
};

// The derivative of S with respect to kappa: dS/dkappa = -2 sum_x sum_mu phi(x) phi(x+mu).
// Used by the free-energy integration in kappa. [B]
at::Tensor phi4_hopping_term(const at::Tensor& x);

// Open kappa interval in which the free field (lambda = 0) has a normalizable measure.
std::pair<double, double> free_field_kappa_range(const std::vector<int64_t>& shape);

}  // namespace bbg
