// The Bayesian effective Hamiltonian E_eff(s) = phi(s) . w (lattice_features.hpp) with the
// conjugate Gaussian posterior over its couplings w (conjugate_linear.hpp) as a
// SurrogateEnergy: for a flip with feature difference dphi,
//   flip():         mean dphi . mu_N, variance dphi' Sigma_N dphi (exact: degrees_of_freedom 0);
//   member_flip(k): dphi . w_k for K couplings w_k ~ N(mu_N, Sigma_N) drawn at construction.
// Not thread-safe (one scratch vector); give each thread its own.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "bbg/surrogate/conjugate_linear.hpp"
#include "bbg/surrogate/lattice_features.hpp"
#include "bbg/surrogate/surrogate_energy.hpp"

namespace bbg {

class LinearSurrogate : public SurrogateEnergy {
 public:
  LinearSurrogate(LatticeFeatures features, std::shared_ptr<const ConjugateLinearPosterior> posterior, int64_t members,
                  Rng& rng);
  std::string name() const override { return "linear"; }
  int64_t members() const override { return static_cast<int64_t>(draws_.size()); }
  double member_flip(int64_t member, const double* spins, int64_t site) const override;
  SurrogateDelta flip(const double* spins, int64_t site) const override;
  const std::vector<std::vector<double>>& draws() const { return draws_; }

 private:
  LatticeFeatures features_;
  std::shared_ptr<const ConjugateLinearPosterior> posterior_;
  std::vector<std::vector<double>> draws_;
  mutable std::vector<double> dphi_;
};

}  // namespace bbg
