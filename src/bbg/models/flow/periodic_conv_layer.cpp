#include "bbg/models/flow/periodic_conv_layer.hpp"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <cmath>

#include "bbg/models/flow/periodic_conv.hpp"

namespace bbg {

PeriodicConvLayerImpl::PeriodicConvLayerImpl(const std::vector<int64_t>& shape, int64_t in_channels,
                                             int64_t out_channels, int64_t kernel) {
  std::vector<int64_t> weight_shape = {out_channels, in_channels};
  int64_t fan_in = in_channels;
  for (size_t d = 0; d < shape.size(); ++d) weight_shape.push_back(kernel), fan_in *= kernel;
  weight = register_parameter("weight", at::empty(weight_shape));
  bias = register_parameter("bias", at::empty({out_channels}));
  // Drawn in the default dtype, like torch::nn::ConvNd; the flow converts to float64.
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  torch::nn::init::uniform_(bias, -bound, bound);
  table_ = periodic_stencil_table(shape, kernel, /*inverse=*/false);
  inverse_table_ = periodic_stencil_table(shape, kernel, /*inverse=*/true);
}

at::Tensor PeriodicConvLayerImpl::forward(const at::Tensor& x) {
  return periodic_conv(x, periodic_conv_weight_matrix(weight), bias, table_, inverse_table_);
}

}  // namespace bbg
