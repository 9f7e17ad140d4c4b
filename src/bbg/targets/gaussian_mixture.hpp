// Mixture of isotropic Gaussians in D dimensions, a multimodal test target:
//   S(x) = -ln sum_k w_k exp(-|x - mu_k|^2 / (2 sigma_k^2))
// (weights need not be normalized), with exact
//   Z = sum_k w_k (2 pi sigma_k^2)^{D/2},
// mode probabilities pi_k = w_k (2 pi sigma_k^2)^{D/2} / Z, and moments
//   <x> = (1/D) sum_k pi_k sum_i mu_ki,  x2 = (1/D) <|x|^2> = (1/D) sum_k pi_k (|mu_k|^2 + D sigma_k^2).
#pragma once
#include <memory>

#include "bbg/sampler/potential.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

class ConfigSection;

class GaussianMixtureTarget : public Target {
 public:
  GaussianMixtureTarget(std::vector<std::vector<double>> centers, std::vector<double> sigmas,
                        std::vector<double> weights);
  static std::shared_ptr<Target> from_config(const ConfigSection& section);

  std::string kind() const override { return "gaussian_mixture"; }
  std::vector<int64_t> event_shape() const override { return {dim_}; }
  bool discrete() const override { return false; }
  std::vector<std::pair<std::string, double>> parameters() const override;

  at::Tensor action(const at::Tensor& x) const override;
  std::vector<Primary> primaries() const override;
  Observables measure(const at::Tensor& x) const override;
  ExactResults exact() const override;
  const Potential* kernel() const override { return kernel_.get(); }

 private:
  int64_t dim_;
  std::vector<std::vector<double>> centers_;
  std::vector<double> sigmas_, weights_;
  std::unique_ptr<Potential> kernel_;
};

}  // namespace bbg
