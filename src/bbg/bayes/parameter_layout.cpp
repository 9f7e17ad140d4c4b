#include "bbg/bayes/parameter_layout.hpp"

#include <torch/torch.h>

#include <cstring>
#include <map>

namespace bbg::bayes {

ParameterLayout layout_of(const torch::nn::Module& module) {
  ParameterLayout layout;
  std::map<std::string, int64_t> weight_fan_in;
  for (const auto& item : module.named_parameters(/*recurse=*/true)) {
    ParameterTensor t;
    t.name = item.key();
    const at::Tensor& p = item.value();
    t.shape.assign(p.sizes().begin(), p.sizes().end());
    t.offset = layout.size;
    t.numel = p.numel();
    if (p.dim() >= 2) t.fan_in = p.numel() / p.size(0);
    layout.size += t.numel;
    layout.tensors.push_back(std::move(t));
  }
  for (const auto& t : layout.tensors)
    if (t.shape.size() >= 2) weight_fan_in[t.name] = t.fan_in;
  const std::string bias = "bias";
  for (auto& t : layout.tensors) {
    if (t.shape.size() != 1 || t.name.size() < bias.size() ||
        t.name.compare(t.name.size() - bias.size(), bias.size(), bias) != 0)
      continue;
    const auto w = weight_fan_in.find(t.name.substr(0, t.name.size() - bias.size()) + "weight");
    if (w != weight_fan_in.end()) t.fan_in = w->second;
  }
  return layout;
}

void write_parameters(torch::nn::Module& module, const double* theta) {
  torch::NoGradGuard no_grad;
  int64_t offset = 0;
  for (auto& p : module.parameters(/*recurse=*/true)) {
    const at::Tensor src =
        torch::from_blob(const_cast<double*>(theta + offset), p.sizes(), torch::TensorOptions().dtype(torch::kDouble));
    p.copy_(src);
    offset += p.numel();
  }
}

void read_parameters(const torch::nn::Module& module, double* theta) {
  int64_t offset = 0;
  for (const auto& p : module.parameters(/*recurse=*/true)) {
    const at::Tensor d = p.detach().to(torch::kDouble).contiguous();
    std::memcpy(theta + offset, d.data_ptr<double>(), sizeof(double) * static_cast<size_t>(d.numel()));
    offset += d.numel();
  }
}

}  // namespace bbg::bayes
