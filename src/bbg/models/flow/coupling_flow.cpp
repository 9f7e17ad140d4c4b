#include "bbg/models/flow/coupling_flow.hpp"

#include <ATen/ATen.h>

#include <cmath>

namespace bbg {

CouplingFlow::CouplingFlow(const ModelSpec& spec) : Density(spec), learnable_base_(spec.base == "learnable_normal") {
  if (learnable_base_) {
    log_sigma_ = register_parameter("base_log_sigma", at::zeros(spec.shape, at::kDouble));
    if (!spec.z2) mu_ = register_parameter("base_mu", at::zeros(spec.shape, at::kDouble));
  }
  for (int64_t k = 0; k < spec.layers; ++k)
    layers_.push_back(register_module("layer" + std::to_string(k), CouplingLayer(spec, k % 2)));
  to(at::kDouble);
}

at::Tensor CouplingFlow::base_log_prob(const at::Tensor& z) const {
  const int64_t b = z.size(0);
  const double v = static_cast<double>(event_size());
  at::Tensor eps = z;
  at::Tensor log_det = at::zeros({}, z.options());
  if (learnable_base_) {
    eps = (mu_.defined() ? z - mu_ : z) * at::exp(-log_sigma_);
    log_det = log_sigma_.sum();
  }
  return -0.5 * (eps * eps).reshape({b, -1}).sum(1) - log_det - 0.5 * v * std::log(2.0 * M_PI);
}

std::pair<at::Tensor, at::Tensor> CouplingFlow::transform(const at::Tensor& z) {
  at::Tensor log_q = base_log_prob(z);
  at::Tensor x = z;
  for (auto& layer : layers_) {
    auto [next, log_det] = layer->forward(x);
    x = next;
    log_q = log_q - log_det;
  }
  return {x, log_q};
}

std::pair<at::Tensor, at::Tensor> CouplingFlow::inverse(const at::Tensor& x) {
  at::Tensor z = x;
  at::Tensor log_det_inverse = at::zeros({x.size(0)}, x.options());
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) {
    auto [prev, log_det] = (*it)->inverse(z);
    z = prev;
    log_det_inverse = log_det_inverse + log_det;
  }
  return {z, base_log_prob(z) + log_det_inverse};
}

std::pair<at::Tensor, at::Tensor> CouplingFlow::sample(int64_t n, at::Generator& generator) {
  std::vector<int64_t> shape = {n};
  shape.insert(shape.end(), event_shape().begin(), event_shape().end());
  at::Tensor z = at::randn(shape, generator, at::TensorOptions().dtype(at::kDouble));
  if (learnable_base_) z = (mu_.defined() ? mu_ : at::zeros_like(log_sigma_)) + at::exp(log_sigma_) * z;
  return transform(z);
}

at::Tensor CouplingFlow::log_prob(const at::Tensor& x) { return inverse(x).second; }

}  // namespace bbg
