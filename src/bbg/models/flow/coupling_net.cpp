#include "bbg/models/flow/coupling_net.hpp"

#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

namespace bbg {
namespace {

torch::nn::AnyModule activation(const std::string& name) {
  if (name == "tanh") return torch::nn::AnyModule(torch::nn::Tanh());
  if (name == "relu") return torch::nn::AnyModule(torch::nn::ReLU());
  if (name == "silu") return torch::nn::AnyModule(torch::nn::SiLU());
  return torch::nn::AnyModule(torch::nn::LeakyReLU());
}

template <size_t D, class Conv, class Options>
torch::nn::AnyModule periodic_conv(int64_t in, int64_t out, int64_t kernel) {
  Options o(in, out, kernel);
  o.padding(kernel / 2).padding_mode(torch::kCircular);
  return torch::nn::AnyModule(Conv(o));
}

torch::nn::AnyModule conv_layer(size_t dims, int64_t in, int64_t out, int64_t kernel) {
  if (dims == 1) return periodic_conv<1, torch::nn::Conv1d, torch::nn::Conv1dOptions>(in, out, kernel);
  if (dims == 2) return periodic_conv<2, torch::nn::Conv2d, torch::nn::Conv2dOptions>(in, out, kernel);
  return periodic_conv<3, torch::nn::Conv3d, torch::nn::Conv3dOptions>(in, out, kernel);
}

}  // namespace

CouplingNetImpl::CouplingNetImpl(const ModelSpec& spec) : shape_(spec.shape), conv_(spec.net == "conv") {
  int64_t sites = 1;
  for (int64_t l : shape_) sites *= l;
  body_ = register_module("body", torch::nn::Sequential());
  int64_t in = conv_ ? 1 : sites;
  for (int64_t width : spec.hidden) {
    if (conv_) {
      body_->push_back(conv_layer(shape_.size(), in, width, spec.kernel));
    } else {
      body_->push_back(torch::nn::AnyModule(torch::nn::Linear(in, width)));
    }
    body_->push_back(activation(spec.activation));
    in = width;
  }
  torch::nn::AnyModule last = conv_ ? conv_layer(shape_.size(), in, 2, spec.kernel)
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
  if (conv_) return body_->forward(frozen.unsqueeze(1));
  return body_->forward(frozen.reshape({batch, -1})).reshape(out_shape);
}

}  // namespace bbg
