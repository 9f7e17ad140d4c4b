// A normalizing flow x = g(z) = f_K o ... o f_1 (z) made of checkerboard
// coupling layers with alternating parity, on a Gaussian base r(z):
//   log q(x) = log r(z) - sum_k log|det df_k/dz_k|     (change of variables).
// Base: standard normal, or a learnable diagonal Gaussian
//   z = mu + sigma * eps (mu fixed at 0 when z2 = true, so r stays symmetric).
#pragma once
#include <torch/nn/modules/container/modulelist.h>

#include "bbg/models/density.hpp"
#include "bbg/models/flow/coupling_layer.hpp"

namespace bbg {

class CouplingFlow : public Density {
 public:
  explicit CouplingFlow(const ModelSpec& spec);

  std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) override;
  at::Tensor log_prob(const at::Tensor& x) override;
  bool reparameterized() const override { return true; }

  // z (base draws) -> (x, log q(x)); differentiable in the parameters.
  std::pair<at::Tensor, at::Tensor> transform(const at::Tensor& z);
  // x -> z and log q(x); differentiable in x and the parameters.
  std::pair<at::Tensor, at::Tensor> inverse(const at::Tensor& x);

 private:
  at::Tensor base_log_prob(const at::Tensor& z) const;  // log r(z), [B]

  bool learnable_base_;
  at::Tensor log_sigma_, mu_;
  std::vector<CouplingLayer> layers_;
};

}  // namespace bbg
