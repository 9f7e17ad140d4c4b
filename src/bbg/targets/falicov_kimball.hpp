// Falicov-Kimball model on a periodic Lx x Ly square lattice as a discrete target
// (exact/falicov_kimball_model.hpp has the Hamiltonian, its normal-ordered one-body
// form and the conventions; docs/surrogate_mc.md, "The target"):
//   p(s) ∝ exp(-S(s)),  S(s) = beta F(x),  F(x) = -T sum_k ln(2 cosh(beta eps_k(x) / 2)),
// with spins s = 2x - 1 of shape [Lx, Ly] and eps_k(x) the eigenvalues of
// h_ij = -t A_ij + delta_ij U (x_i - 1/2) (mu = 0: half filling of the fermions).
// Keys: shape (default [4, 4]), t (1), U (4), beta (1 / 0.15), particles (absent: grand
// canonical in x; an integer n: only sum_i x_i = n has weight, S = +inf elsewhere).
// Primaries per configuration: energy e = E(x) / N (fermion expectation, constant included),
// energy2 = <H^2>_x / N^2 (internal), structure_factor S(pi, pi), structure_factor2 (internal),
// occupation (1/N) sum_i x_i. Derived: specific_heat C = beta^2 N (<energy2> - <energy>^2),
// binder U = 1 - <S^2> / (3 <S>^2). exact(): enumeration for N <= 16.
// Reference: L. Huang and L. Wang, Phys. Rev. B 95, 035105 (2017), arXiv:1610.02746.
#pragma once
#include <memory>
#include <optional>

#include "bbg/exact/falicov_kimball_model.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

class FalicovKimballTarget : public Target {
 public:
  FalicovKimballTarget(std::vector<int64_t> shape, double beta, double hopping, double interaction,
                       std::optional<int64_t> particles);
  static std::shared_ptr<Target> from_config(const ConfigSection& section);

  std::string kind() const override { return "falicov_kimball"; }
  std::vector<int64_t> event_shape() const override { return shape_; }
  bool discrete() const override { return true; }
  std::vector<std::pair<std::string, double>> parameters() const override;

  at::Tensor action(const at::Tensor& s) const override;  // [B] from [B, Lx, Ly]
  std::vector<Primary> primaries() const override;
  std::vector<Derived> derived() const override;
  Observables measure(const at::Tensor& s) const override;
  ExactResults exact() const override;

  double beta() const { return beta_; }
  std::optional<int64_t> particles() const { return particles_; }
  const exact::FalicovKimballModel& model() const { return model_; }
  // S of one configuration of N spins ±1 (thread-safe); +inf outside the particle sector.
  double action_of(const double* spins) const;

 private:
  std::vector<int64_t> shape_;
  double beta_;
  exact::FalicovKimballModel model_;
  std::optional<int64_t> particles_;
};

}  // namespace bbg
