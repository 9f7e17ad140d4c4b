// MADE, the masked autoencoder for distribution estimation (Germain et al.,
// ICML 2015, arXiv:1502.03509), as the "VAN" of Wu, Wang & Zhang, PRL 122,
// 080602 (2019): a dense net on the flattened spins whose masks make logit_i
// depend on s_<i only.
//   Degrees: input j has degree j + 1 (1..N); hidden unit k of a layer of width H
//   has m(k) = 1 + floor(k (N - 1) / H), spread evenly over 1..N-1 and sorted;
//   a unit connects to inputs/units of degree <= its own, output i to hidden
//   units of degree < i + 1 and (direct = true) to inputs j < i. logit_0 is a bias.
//   logit = W_out h_L + W_direct s + b,  h_l = act(W_l h_{l-1} + b_l),  h_0 = s.
// With hidden = [] the model is the direct masked layer alone (a logistic
// autoregressive model).
//
// Fast sampling: every unit of degree d is final once s_0..s_{d-1} are set, so
// before drawing s_i the units of degree i are computed (each exactly once, from
// the already-final units below them) and only row i of the output layer is
// evaluated: the whole draw costs one forward pass, O(number of weights) per
// sample, instead of the naive O(N x weights).
#pragma once
#include <vector>

#include "bbg/models/autoregressive/autoregressive.hpp"
#include "bbg/models/autoregressive/masked_linear.hpp"

namespace bbg {

class Made : public Autoregressive {
 public:
  explicit Made(const ModelSpec& spec);
  at::Tensor logits(const at::Tensor& x) override;

 protected:
  std::pair<at::Tensor, at::Tensor> sample_sites(int64_t n, at::Generator& generator) override;

 private:
  // per hidden layer: counts_[l][d] = number of units of degree <= d (degrees are sorted)
  std::vector<std::vector<int64_t>> counts_;
  std::vector<MaskedLinear> hidden_;
  MaskedLinear output_{nullptr}, direct_{nullptr};
};

}  // namespace bbg
