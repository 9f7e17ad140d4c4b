// The networks inside a coupling layer: they read the frozen half of the field
// and return two channels, the raw log-scale and the shift, for every site.
//   conv: periodic convolutions (the net respects the lattice's translation
//         symmetry), any lattice dimension, channels last (periodic_conv.hpp);
//   mlp:  dense layers on the flattened field, any dimension.
// The last layer starts at zero, so a fresh coupling layer is the identity.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>

#include "bbg/models/model_spec.hpp"

namespace bbg {

class CouplingNetImpl : public torch::nn::Module {
 public:
  explicit CouplingNetImpl(const ModelSpec& spec);
  // frozen: [B, shape...] -> [B, 2, shape...]
  at::Tensor forward(const at::Tensor& frozen);

 private:
  std::vector<int64_t> shape_;
  bool conv_;
  torch::nn::Sequential body_{nullptr};
};
TORCH_MODULE(CouplingNet);

}  // namespace bbg
