// One checkerboard coupling layer (RealNVP affine, or NICE additive).
//
// With mask m (1 on frozen sites) and (s, t) = net(m * z), both zero on frozen sites,
//   affine:   x = z * exp(s) + t,   log|det dx/dz| = sum_sites s,
//   additive: x = z + t,            log|det dx/dz| = 0,
// and s = tanh(s_raw) keeps the scale bounded (|s| < 1 per layer).
// Z2-equivariant option (Nicoli et al., PRL 126, 032001 (2021)): s is made even
// and t odd in the frozen field, s(v) = (tanh s_raw(v) + tanh s_raw(-v)) / 2,
// t(v) = (t_raw(v) - t_raw(-v)) / 2, so the layer commutes with x -> -x and a
// symmetric base gives q(x) = q(-x) exactly.
#pragma once
#include <torch/nn/module.h>

#include <utility>

#include "bbg/models/flow/coupling_net.hpp"

namespace bbg {

class CouplingLayerImpl : public torch::nn::Module {
 public:
  CouplingLayerImpl(const ModelSpec& spec, int64_t parity);
  // z -> (x, log|det dx/dz|) per sample
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& z);
  // x -> (z, log|det dz/dx|) per sample (= minus the forward log-determinant)
  std::pair<at::Tensor, at::Tensor> inverse(const at::Tensor& x);

 private:
  std::pair<at::Tensor, at::Tensor> scale_and_shift(const at::Tensor& frozen);
  at::Tensor sum_sites(const at::Tensor& v) const;

  bool affine_, z2_;
  at::Tensor mask_, active_;  // buffers: frozen (1) / transformed (1) sites
  CouplingNet net_{nullptr};
};
TORCH_MODULE(CouplingLayer);

}  // namespace bbg
