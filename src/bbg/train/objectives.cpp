#include "bbg/train/objectives.hpp"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include "bbg/core/errors.hpp"
#include "bbg/models/density.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

ObjectiveValue reverse_kl_total(Density& model, const Target& target, int64_t batch, at::Generator& gen,
                                double beta) {
  if (!model.reparameterized())
    throw UserError("train.objective = \"reverse_kl\" needs a reparameterised model (a flow); " + model.spec().kind +
                    " needs \"reinforce\"");
  auto [x, log_q] = model.sample(batch, gen);
  const at::Tensor f = log_q + beta * target.action(x);
  return {f.mean(), f.mean().item<double>()};
}

ObjectiveValue reverse_kl_path(Density& model, const Target& target, int64_t batch, at::Generator& gen,
                               double beta) {
  if (!model.reparameterized())
    throw UserError("train.objective = \"reverse_kl_path\" needs a reparameterised model (a flow)");
  at::Tensor x = model.sample(batch, gen).first;
  at::Tensor x_detached = x.detach().requires_grad_(true);
  const at::Tensor f = model.log_prob(x_detached) + beta * target.action(x_detached);
  const at::Tensor g = torch::autograd::grad({f.sum()}, {x_detached})[0].detach();
  return {(g * x).sum() / static_cast<double>(batch), f.mean().item<double>()};
}

ObjectiveValue forward_kl(Density& model, const at::Tensor& data_batch) {
  const at::Tensor nll = -model.log_prob(data_batch).mean();
  return {nll, nll.item<double>()};
}

ObjectiveValue reinforce(Density& model, const Target& target, int64_t batch, at::Generator& gen, double beta) {
  at::Tensor x;
  {
    at::NoGradGuard no_grad;
    x = model.sample(batch, gen).first;
  }
  const at::Tensor log_q = model.log_prob(x);
  const at::Tensor f = (log_q.detach() + beta * target.action(x)).detach();
  const at::Tensor advantage = f - f.mean();
  return {(advantage * log_q).mean(), f.mean().item<double>()};
}

}  // namespace bbg
