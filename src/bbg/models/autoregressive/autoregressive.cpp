#include "bbg/models/autoregressive/autoregressive.hpp"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include <cmath>

namespace bbg {

std::pair<at::Tensor, at::Tensor> Autoregressive::draw_site(const at::Tensor& logit, at::Generator& generator) {
  const at::Tensor u = at::rand({logit.size(0)}, generator, logit.options());
  const at::Tensor s = (u < at::sigmoid(logit)).to(logit.scalar_type()) * 2.0 - 1.0;
  return {s, at::log_sigmoid(s * logit)};
}

at::Tensor Autoregressive::activate(const at::Tensor& x) const {
  const std::string& a = spec().activation;
  if (a == "tanh") return at::tanh(x);
  if (a == "relu") return at::relu(x);
  if (a == "silu") return at::silu(x);
  return at::leaky_relu(x, 0.01);
}

at::Tensor Autoregressive::log_prob_unsymmetrized(const at::Tensor& x) {
  const at::Tensor s = x.reshape({x.size(0), -1});
  return at::log_sigmoid(s * logits(x)).sum(1);
}

at::Tensor Autoregressive::log_prob(const at::Tensor& x) {
  const at::Tensor log_q = log_prob_unsymmetrized(x);
  if (!spec().z2) return log_q;
  return at::logaddexp(log_q, log_prob_unsymmetrized(-x)) - std::log(2.0);
}

std::pair<at::Tensor, at::Tensor> Autoregressive::finish(at::Tensor spins, at::Tensor log_q,
                                                         at::Generator& generator) {
  const int64_t n = spins.size(0);
  std::vector<int64_t> shape = {n};
  shape.insert(shape.end(), event_shape().begin(), event_shape().end());
  at::Tensor x = spins.reshape(shape);
  if (spec().z2) {
    {
      torch::NoGradGuard no_grad;
      log_q = at::logaddexp(log_q, log_prob_unsymmetrized(-x)) - std::log(2.0);
      const at::Tensor flip = at::rand({n}, generator, x.options()) < 0.5;
      std::vector<int64_t> bshape(shape.size(), 1);
      bshape[0] = n;
      x = at::where(flip.reshape(bshape), -x, x);
    }
  }
  if (at::GradMode::is_enabled()) log_q = log_prob(x);  // differentiable in the weights
  return {x, log_q};
}

std::pair<at::Tensor, at::Tensor> Autoregressive::sample(int64_t n, at::Generator& generator) {
  at::Tensor spins, log_q;
  {
    torch::NoGradGuard no_grad;
    std::tie(spins, log_q) = sample_sites(n, generator);
  }
  return finish(spins, log_q, generator);
}

std::pair<at::Tensor, at::Tensor> Autoregressive::sample_naive(int64_t n, at::Generator& generator) {
  const int64_t sites = event_size();
  at::Tensor spins, log_q;
  {
    torch::NoGradGuard no_grad;
    std::vector<int64_t> shape = {n};
    shape.insert(shape.end(), event_shape().begin(), event_shape().end());
    const auto options = at::TensorOptions().dtype(at::kDouble);
    spins = at::zeros({n, sites}, options);  // unset sites are 0; logit_i never reads them
    log_q = at::zeros({n}, options);
    for (int64_t i = 0; i < sites; ++i) {
      const at::Tensor logit = logits(spins.reshape(shape)).select(1, i);
      auto [s, lq] = draw_site(logit, generator);
      spins.select(1, i).copy_(s);
      log_q += lq;
    }
  }
  return finish(spins, log_q, generator);
}

}  // namespace bbg
