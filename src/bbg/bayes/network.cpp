#include "bbg/bayes/network.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace bbg::bayes {

namespace {

// A stack of Linear layers with an activation between them; forward(x) -> f(x).
class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const MlpSpec& spec) : activation_(spec.activation) {
    int64_t width = spec.inputs;
    std::vector<int64_t> widths = spec.hidden;
    widths.push_back(spec.outputs);
    for (size_t l = 0; l < widths.size(); ++l) {
      layers_->push_back(torch::nn::Linear(torch::nn::LinearOptions(width, widths[l]).bias(spec.bias)));
      width = widths[l];
    }
    register_module("layers", layers_);
  }

  at::Tensor forward(at::Tensor x) {
    const size_t n = layers_->size();
    for (size_t l = 0; l < n; ++l) {
      x = layers_[l]->as<torch::nn::Linear>()->forward(x);
      if (l + 1 < n) x = activate(x);
    }
    return x;
  }

 private:
  at::Tensor activate(const at::Tensor& x) const {
    if (activation_ == "tanh") return torch::tanh(x);
    if (activation_ == "relu") return torch::relu(x);
    return torch::silu(x);
  }
  std::string activation_;
  torch::nn::ModuleList layers_;
};
TORCH_MODULE(Mlp);

}  // namespace

void MlpSpec::validate() const {
  if (inputs < 1) throw std::invalid_argument("model.inputs = " + std::to_string(inputs) + ": must be >= 1");
  if (outputs < 1) throw std::invalid_argument("model.outputs = " + std::to_string(outputs) + ": must be >= 1");
  for (int64_t h : hidden)
    if (h < 1) throw std::invalid_argument("model.hidden has a width " + std::to_string(h) + ": widths must be >= 1");
  if (activation != "tanh" && activation != "relu" && activation != "silu")
    throw std::invalid_argument("model.activation = \"" + activation + "\": must be one of tanh, relu, silu");
}

std::string MlpSpec::describe() const {
  std::string s = hidden.empty() ? "linear " : "MLP ";
  s += std::to_string(inputs);
  for (int64_t h : hidden) s += " -> " + std::to_string(h);
  s += " -> " + std::to_string(outputs);
  if (!hidden.empty()) s += ", " + activation;
  if (!bias) s += ", no bias";
  return s;
}

torch::nn::AnyModule make_mlp(const MlpSpec& spec) {
  spec.validate();
  Mlp mlp(spec);
  mlp->to(spec.float64 ? torch::kDouble : torch::kFloat);
  return torch::nn::AnyModule(mlp);
}

}  // namespace bbg::bayes
