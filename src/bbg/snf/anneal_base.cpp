#include "bbg/snf/anneal_base.hpp"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <cmath>
#include <stdexcept>

#include "bbg/models/density.hpp"

namespace bbg {
namespace {

at::Tensor per_sample_sum(const at::Tensor& t) { return t.flatten(1).sum(1); }

}  // namespace

NormalBase::NormalBase(std::vector<int64_t> event_shape) : shape_(std::move(event_shape)) {
  if (shape_.empty()) throw std::invalid_argument("NormalBase: empty event shape");
}

std::pair<at::Tensor, at::Tensor> NormalBase::sample(int64_t n, at::Generator& generator) {
  std::vector<int64_t> size{n};
  size.insert(size.end(), shape_.begin(), shape_.end());
  at::Tensor x = at::randn(size, generator, at::TensorOptions().dtype(at::kDouble));
  return {x, action(x)};
}

at::Tensor NormalBase::action(const at::Tensor& x) { return 0.5 * per_sample_sum(x * x); }

at::Tensor NormalBase::force(const at::Tensor& x) { return x.clone(); }

double NormalBase::log_z() const {
  double v = 1.0;
  for (int64_t l : shape_) v *= static_cast<double>(l);
  return 0.5 * v * std::log(2.0 * M_PI);
}

DensityBase::DensityBase(std::shared_ptr<Density> model) : model_(std::move(model)) {
  if (!model_) throw std::invalid_argument("DensityBase: null model");
  model_->eval();
}

std::vector<int64_t> DensityBase::event_shape() const { return model_->event_shape(); }

std::pair<at::Tensor, at::Tensor> DensityBase::sample(int64_t n, at::Generator& generator) {
  at::NoGradGuard no_grad;
  auto [x, log_q] = model_->sample(n, generator);
  return {x.detach(), -log_q.detach()};
}

at::Tensor DensityBase::action(const at::Tensor& x) {
  at::NoGradGuard no_grad;
  return -model_->log_prob(x);
}

// dS_0/dx = -d log q / dx; only x is a gradient input, the parameters get no .grad.
at::Tensor DensityBase::force(const at::Tensor& x) {
  at::AutoGradMode enable(true);
  at::Tensor xg = x.detach().clone().set_requires_grad(true);
  const at::Tensor total = model_->log_prob(xg).sum();
  return -torch::autograd::grad({total}, {xg})[0].detach();
}

}  // namespace bbg
