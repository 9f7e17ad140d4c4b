// Quantum double well as a periodic Euclidean path integral (docs/double_well.md).
// N time slices of spacing a = beta / N, x_N = x_0:
//   S = sum_{i=0}^{N-1} [ mass (x_{i+1} - x_i)^2 / (2 a) + a lambda (x_i^2 - eta^2)^2 ]
// so that Z = int prod_i dx_i exp(-S) is the lattice partition function with no
// measure prefactor. Observables: x = (1/N) sum x_i, x2 = (1/N) sum x_i^2, and the
// tunnelling indicator (1 when the path visits both signs of x).
#pragma once
#include <memory>

#include "bbg/sampler/potential.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

class DoubleWellTarget : public Target {
 public:
  DoubleWellTarget(int64_t slices, double beta, double mass, double lambda, double eta);
  static std::shared_ptr<Target> from_config(const ConfigSection& section);

  std::string kind() const override { return "double_well"; }
  std::vector<int64_t> event_shape() const override { return {slices_}; }
  bool discrete() const override { return false; }
  std::vector<std::pair<std::string, double>> parameters() const override;

  at::Tensor action(const at::Tensor& x) const override;
  at::Tensor force(const at::Tensor& x) const override;
  std::vector<Primary> primaries() const override;
  Observables measure(const at::Tensor& x) const override;
  ExactResults exact() const override;
  const Potential* kernel() const override { return kernel_.get(); }

  double spacing() const { return beta_ / static_cast<double>(slices_); }

 private:
  int64_t slices_;
  double beta_, mass_, lambda_, eta_;
  std::unique_ptr<Potential> kernel_;
};

}  // namespace bbg
