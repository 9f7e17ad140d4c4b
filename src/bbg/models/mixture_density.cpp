#include "bbg/models/mixture_density.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace bbg {

namespace {

ModelSpec first_spec(const std::vector<std::shared_ptr<Density>>& components) {
  if (components.empty() || !components.front())
    throw std::invalid_argument("mixture density: needs at least one component");
  return components.front()->spec();
}

}  // namespace

MixtureDensity::MixtureDensity(std::vector<std::shared_ptr<Density>> components)
    : Density(first_spec(components)), components_(std::move(components)) {
  for (size_t k = 0; k < components_.size(); ++k) {
    if (!components_[k] || components_[k]->event_shape() != event_shape())
      throw std::invalid_argument("mixture density: component " + std::to_string(k) +
                                  " is missing or has another event shape");
    register_module("component" + std::to_string(k), components_[k]);
  }
}

std::pair<at::Tensor, at::Tensor> MixtureDensity::sample(int64_t n, at::Generator& generator) {
  const int64_t k_count = components();
  const at::Tensor uniform = at::full({k_count}, 1.0, at::TensorOptions().dtype(at::kDouble));
  const at::Tensor label = at::multinomial(uniform, n, /*replacement=*/true, generator);  // [n] int64
  std::vector<int64_t> shape = {n};
  shape.insert(shape.end(), event_shape().begin(), event_shape().end());
  at::Tensor x = at::empty(shape, at::TensorOptions().dtype(at::kDouble));
  for (int64_t k = 0; k < k_count; ++k) {
    const at::Tensor where = (label == k).nonzero().flatten();
    const int64_t n_k = where.numel();
    if (n_k == 0) continue;
    auto [x_k, log_q_k] = components_[k]->sample(n_k, generator);
    x.index_copy_(0, where, x_k.detach().to(at::kDouble));
  }
  return {x, log_prob(x)};
}

at::Tensor MixtureDensity::log_prob(const at::Tensor& x) {
  std::vector<at::Tensor> per_component;
  per_component.reserve(components_.size());
  for (const auto& c : components_) per_component.push_back(c->log_prob(x));
  return at::logsumexp(at::stack(per_component, 1), {1}) - std::log(static_cast<double>(components()));
}

}  // namespace bbg
