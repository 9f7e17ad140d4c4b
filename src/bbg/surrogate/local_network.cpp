#include "bbg/surrogate/local_network.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "bbg/bayes/network.hpp"

namespace bbg {

namespace {

class LocalNetworkImpl : public torch::nn::Module {
 public:
  explicit LocalNetworkImpl(const LocalNetworkSpec& spec)
      : offsets_(local_network_offsets(spec.radius)), scale_(spec.output_scale) {
    bayes::MlpSpec mlp;
    mlp.inputs = spec.inputs();
    mlp.outputs = 1;
    mlp.hidden = spec.hidden;
    mlp.activation = spec.activation;
    g_ = bayes::make_mlp(mlp);
    register_module("g", g_.ptr());
  }

  // x [N, L, L] -> [N, 1]: u_i stacked on a last axis, g on every site, summed.
  at::Tensor forward(const at::Tensor& x) {
    std::vector<at::Tensor> u;
    u.reserve(offsets_.size());
    for (const auto& [dy, dx] : offsets_) u.push_back(x * torch::roll(x, {-dy, -dx}, {1, 2}));  // s_i s_{i+d}
    const at::Tensor patches = torch::stack(u, -1);                                             // [N, L, L, P]
    const at::Tensor g = g_.forward(patches.reshape({-1, patches.size(-1)}));                   // [N L L, 1]
    return scale_ * g.reshape({x.size(0), -1}).sum(1, /*keepdim=*/true);
  }

 private:
  std::vector<std::pair<int64_t, int64_t>> offsets_;
  double scale_;
  torch::nn::AnyModule g_;
};

}  // namespace

void LocalNetworkSpec::validate() const {
  auto bad = [](const std::string& field, const std::string& value, const std::string& allowed) {
    throw std::invalid_argument("local network: " + field + " = " + value + ": " + allowed);
  };
  if (radius < 1) bad("radius", std::to_string(radius), "must be >= 1");
  if (2 * radius + 1 > length)
    bad("radius", std::to_string(radius),
        "the window 2r + 1 must fit the lattice, 2r + 1 <= L = " + std::to_string(length));
  for (int64_t h : hidden)
    if (h < 1) bad("hidden", std::to_string(h), "widths must be >= 1");
  if (activation != "tanh" && activation != "relu" && activation != "silu")
    bad("activation", "\"" + activation + "\"", "must be one of tanh, relu, silu");
  if (!(output_scale > 0.0) || !std::isfinite(output_scale))
    bad("output_scale", std::to_string(output_scale), "must be > 0");
}

std::string LocalNetworkSpec::describe() const {
  std::string s = "sum over sites of MLP " + std::to_string(inputs());
  for (int64_t h : hidden) s += " -> " + std::to_string(h);
  const std::string w = std::to_string(2 * radius + 1);
  return s + " -> 1, " + activation + ", on the " + w + "x" + w + " window (r = " + std::to_string(radius) + ")";
}

std::vector<std::pair<int64_t, int64_t>> local_network_offsets(int64_t radius) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (int64_t dy = -radius; dy <= radius; ++dy)
    for (int64_t dx = -radius; dx <= radius; ++dx)
      if (dy != 0 || dx != 0) out.emplace_back(dy, dx);
  return out;
}

torch::nn::AnyModule make_local_network(const LocalNetworkSpec& spec) {
  spec.validate();
  auto module = std::make_shared<LocalNetworkImpl>(spec);
  module->to(torch::kDouble);
  return torch::nn::AnyModule(module);
}

}  // namespace bbg
