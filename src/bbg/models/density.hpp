// A normalized model density q(x) over a target's configurations (docs/architecture.md, "Core interfaces").
//
// sample(n) draws x ~ q and returns log q(x); with gradients enabled, x is a
// differentiable function of the parameters where the model is
// reparameterisable (flows), which the reverse-KL total and path gradients use.
// log_prob(x) evaluates log q at given configurations (forward KL, path
// gradient, forward ESS, mode dropping). Shapes: x is [B, event_shape...],
// log q is [B], dtype double. Include only where torch is needed.
#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "bbg/models/model_spec.hpp"

namespace bbg {

class Density : public torch::nn::Module {
 public:
  explicit Density(ModelSpec spec) : spec_(std::move(spec)) {}
  ~Density() override = default;

  virtual std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) = 0;
  virtual at::Tensor log_prob(const at::Tensor& x) = 0;
  // True when sample() is differentiable in the parameters (x = g_theta(z)).
  virtual bool reparameterized() const = 0;

  const ModelSpec& spec() const { return spec_; }
  const std::vector<int64_t>& event_shape() const { return spec_.shape; }
  int64_t event_size() const;
  int64_t parameter_count() const;

 private:
  ModelSpec spec_;
};

}  // namespace bbg
