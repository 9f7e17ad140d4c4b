// Training objectives for a Density q against a target p ∝ exp(-S) (docs/architecture.md, "Formulas").
// Each returns a scalar `loss` whose gradient is the estimator named, and the
// objective's value on the batch (F_q = E_q[log q + beta S] for reverse KL,
// -E_p[log q] for forward KL). beta scales the action (annealing).
#pragma once
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace bbg {

class Density;
class Target;

struct ObjectiveValue {
  at::Tensor loss;         // backpropagate this
  double objective = 0.0;  // batch mean of the objective itself
};

// Total gradient: d/dtheta mean(log q(x) + beta S(x)), x = g_theta(z) (reparameterised).
ObjectiveValue reverse_kl_total(Density& model, const Target& target, int64_t batch, at::Generator& gen,
                                double beta);

// Path gradient: mean over the batch of G(x) . dx/dtheta with
// G = d/dx [log q_theta(x) + beta S(x)] evaluated at a detached x via the
// inverse pass, i.e. the score term E_q[d log q / dtheta] (zero in expectation) is dropped.
ObjectiveValue reverse_kl_path(Density& model, const Target& target, int64_t batch, at::Generator& gen,
                               double beta);

// Maximum likelihood: -mean log q(x) over data configurations x ~ p.
ObjectiveValue forward_kl(Density& model, const at::Tensor& data_batch);

// REINFORCE (score function) for non-reparameterised models: with
// f = log q(x) + beta S(x) on detached samples and baseline b = mean(f),
// loss = mean((f - b) * log q(x)), whose gradient estimates dF_q/dtheta.
ObjectiveValue reinforce(Density& model, const Target& target, int64_t batch, at::Generator& gen, double beta);

}  // namespace bbg
