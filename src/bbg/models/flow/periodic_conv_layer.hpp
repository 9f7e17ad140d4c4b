// A convolution layer on the periodic lattice (periodic_conv.hpp), channels last:
// [B, sites, in] -> [B, sites, out]. Its parameters are those of torch::nn::ConvNd
// with circular padding: "weight" [out, in, k, ..., k] and "bias" [out], initialised
// the same way (weight: Kaiming uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in),
// 1/sqrt(fan_in)); bias: the same bound; fan_in = in k^D), so models saved before
// this layer existed load unchanged.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

namespace bbg {

class PeriodicConvLayerImpl : public torch::nn::Module {
 public:
  PeriodicConvLayerImpl(const std::vector<int64_t>& shape, int64_t in_channels, int64_t out_channels,
                        int64_t kernel);
  at::Tensor forward(const at::Tensor& x);

  at::Tensor weight, bias;

 private:
  at::Tensor table_, inverse_table_;  // not state: rebuilt from the shape
};
TORCH_MODULE(PeriodicConvLayer);

}  // namespace bbg
