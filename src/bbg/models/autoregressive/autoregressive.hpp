// Autoregressive densities over ±1 spins (variational autoregressive networks,
// Wu, Wang & Zhang, PRL 122, 080602 (2019)):
//   q(s) = prod_i q(s_i | s_<i),   q(s_i = +1 | s_<i) = sigmoid(logit_i(s_<i)),
//   log q(s) = sum_i logsigmoid(s_i logit_i)            (numerically stable),
// sites in row-major order of the event shape. Subclasses supply logit_i (MADE,
// PixelCNN) and a sampler that reuses work between sites; the naive reference
// sampler here runs one full forward pass per site. Both draw exactly one
// at::rand({n}, generator) per site in site order and set s_i = +1 where
// u < sigmoid(logit_i), so for the same generator state they give the same spins.
//
// Z2 option (spec.z2): q_sym(s) = (q(s) + q(-s)) / 2, i.e.
//   log q_sym(s) = logaddexp(log q(s), log q(-s)) - ln 2;
// sampled by drawing s ~ q and flipping the whole configuration with
// probability 1/2 (one more at::rand({n}, generator) after the sites). This is
// only a sensible model for Z2-symmetric targets (Ising with h = 0); that check
// belongs to the run configuration, not here.
//
// Not reparameterisable: train with REINFORCE. sample() returns log q of the
// drawn spins; with grad mode on it is recomputed by log_prob so that it is
// differentiable in the weights, otherwise it is the sampler's own sum.
#pragma once
#include "bbg/models/density.hpp"

namespace bbg {

class Autoregressive : public Density {
 public:
  explicit Autoregressive(const ModelSpec& spec) : Density(spec) {}

  std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) override;
  // Reference sampler: one full logits() pass per site, O(N) times the cost of log_prob.
  std::pair<at::Tensor, at::Tensor> sample_naive(int64_t n, at::Generator& generator);
  at::Tensor log_prob(const at::Tensor& x) override;  // log q, or log q_sym with z2
  bool reparameterized() const override { return false; }

  // logit_i for every site: x [B, shape...] (any real values; only x_<i enters
  // logit_i) -> [B, N], N = event_size(), row-major site order.
  virtual at::Tensor logits(const at::Tensor& x) = 0;
  at::Tensor log_prob_unsymmetrized(const at::Tensor& x);  // log q(s), ignoring z2

 protected:
  // Ancestral sampling that reuses work between sites: spins [n, N] (±1.0) and
  // log q(s) (unsymmetrised), drawing with draw_site in site order. Called
  // without gradients.
  virtual std::pair<at::Tensor, at::Tensor> sample_sites(int64_t n, at::Generator& generator) = 0;
  // s_i from logit_i [n] with one at::rand({n}); returns (s_i, logsigmoid(s_i logit_i)).
  static std::pair<at::Tensor, at::Tensor> draw_site(const at::Tensor& logit, at::Generator& generator);
  at::Tensor activate(const at::Tensor& x) const;  // spec.activation: tanh | relu | leaky_relu | silu

 private:
  std::pair<at::Tensor, at::Tensor> finish(at::Tensor spins, at::Tensor log_q, at::Generator& generator);
};

}  // namespace bbg
