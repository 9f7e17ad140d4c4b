#include "bbg/models/flow/coupling_net.hpp"

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include "bbg/models/flow/periodic_conv_layer.hpp"

namespace bbg {
namespace {

torch::nn::AnyModule activation(const std::string& name) {
  if (name == "tanh") return torch::nn::AnyModule(torch::nn::Tanh());
  if (name == "relu") return torch::nn::AnyModule(torch::nn::ReLU());
  if (name == "silu") return torch::nn::AnyModule(torch::nn::SiLU());
  return torch::nn::AnyModule(torch::nn::LeakyReLU());
}

}  // namespace

CouplingNetImpl::CouplingNetImpl(const ModelSpec& spec) : shape_(spec.shape), conv_(spec.net == "conv") {
  int64_t sites = 1;
  for (int64_t l : shape_) sites *= l;
  body_ = register_module("body", torch::nn::Sequential());
  int64_t in = conv_ ? 1 : sites;
  for (int64_t width : spec.hidden) {
    if (conv_) {
      body_->push_back(torch::nn::AnyModule(PeriodicConvLayer(shape_, in, width, spec.kernel)));
    } else {
      body_->push_back(torch::nn::AnyModule(torch::nn::Linear(in, width)));
    }
    body_->push_back(activation(spec.activation));
    in = width;
  }
  torch::nn::AnyModule last = conv_ ? torch::nn::AnyModule(PeriodicConvLayer(shape_, in, 2, spec.kernel))
                                    : torch::nn::AnyModule(torch::nn::Linear(in, 2 * sites));
  body_->push_back(last);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : body_[body_->size() - 1]->parameters()) p.zero_();
  }
}

at::Tensor CouplingNetImpl::forward(const at::Tensor& frozen) {
  const int64_t batch = frozen.size(0);
  std::vector<int64_t> out_shape = {batch, 2};
  out_shape.insert(out_shape.end(), shape_.begin(), shape_.end());
  if (conv_) {  // channels last inside the net: [B, sites, C]; the result is a view, no copy
    const at::Tensor out = body_->forward(frozen.reshape({batch, -1, 1}));
    return out.transpose(1, 2).view(out_shape);
  }
  return body_->forward(frozen.reshape({batch, -1})).reshape(out_shape);
}

}  // namespace bbg
