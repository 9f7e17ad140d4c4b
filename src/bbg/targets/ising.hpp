// Ising model on a periodic hypercubic lattice (docs/conventions.md, "Ising"):
//   S = beta E,  E = -J sum_x sum_mu s(x) s(x+mu) - h sum_x s(x),  s = ±1,
// each bond (x, x+mu) counted once. Observables per site: m = (1/V) sum s,
// e = E / V; derived: susceptibility chi = beta V (<m^2> - <|m|>^2),
// Binder U = 1 - <m^4>/(3<m^2>^2), specific heat C = beta^2 V (<e^2> - <e>^2).
#pragma once
#include <memory>

#include "bbg/core/lattice.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

class IsingTarget : public Target {
 public:
  IsingTarget(std::vector<int64_t> shape, double beta, double coupling, double field);
  static std::shared_ptr<Target> from_config(const ConfigSection& section);

  std::string kind() const override { return "ising"; }
  std::vector<int64_t> event_shape() const override { return lattice_.shape(); }
  bool discrete() const override { return true; }
  std::vector<std::pair<std::string, double>> parameters() const override;

  at::Tensor action(const at::Tensor& s) const override;
  at::Tensor energy(const at::Tensor& s) const;  // E, [B]
  std::vector<Primary> primaries() const override;
  std::vector<Derived> derived() const override;
  Observables measure(const at::Tensor& s) const override;
  ExactResults exact() const override;

  double beta() const { return beta_; }
  double coupling() const { return coupling_; }
  double field() const { return field_; }
  const Lattice& lattice() const { return lattice_; }

 private:
  Lattice lattice_;
  double beta_, coupling_, field_;
};

}  // namespace bbg
