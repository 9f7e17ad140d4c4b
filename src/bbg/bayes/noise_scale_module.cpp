#include "bbg/bayes/noise_scale_module.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace bbg::bayes {
namespace {

class NoiseScaleImpl : public torch::nn::Module {
 public:
  NoiseScaleImpl(const torch::nn::AnyModule& network, double initial_sigma) : net_(network) {
    const auto params = network.ptr()->parameters();
    if (params.empty()) throw std::invalid_argument("with_learned_noise: the network has no parameters");
    log_sigma_ = register_parameter(
        kLogSigmaParameter, torch::full({1}, std::log(initial_sigma), torch::TensorOptions().dtype(params[0].dtype())));
    register_module("net", network.ptr());
  }

  at::Tensor forward(const at::Tensor& x) {
    at::Tensor mean = net_.forward(x);
    mean = mean.dim() == 1 ? mean.unsqueeze(1) : mean.flatten(1);
    return torch::cat({mean, log_sigma_.expand({mean.size(0), 1})}, 1);
  }

 private:
  torch::nn::AnyModule net_;
  at::Tensor log_sigma_;
};

}  // namespace

torch::nn::AnyModule with_learned_noise(const torch::nn::AnyModule& network, double initial_sigma) {
  if (network.is_empty()) throw std::invalid_argument("with_learned_noise: no network");
  if (!(initial_sigma > 0.0) || !std::isfinite(initial_sigma))
    throw std::invalid_argument("with_learned_noise: initial_sigma = " + std::to_string(initial_sigma) +
                                ": must be positive and finite");
  return torch::nn::AnyModule(std::make_shared<NoiseScaleImpl>(network, initial_sigma));
}

}  // namespace bbg::bayes
