// The equal-weight mixture of K normalized densities over one event shape,
//   q_bar(x) = (1/K) sum_k q_k(x),
// e.g. K posterior draws q_theta_k of a flow's weights or the K members of a deep
// ensemble (docs/bayesian_generators.md). It is a Density itself, so NIS, NMCMC and the
// mode-dropping estimator use it unchanged.
//   sample(n): a component label per draw, iid uniform on {1..K}; the n_k draws with
//     label k come from q_k and stay in their labels' positions, so the n draws are
//     iid from q_bar in the order returned (independence Metropolis needs that);
//   log q_bar(x) = logsumexp_k log q_k(x) - log K: every component is evaluated at
//     every draw, the K-fold cost of the mixture.
// Not reparameterised (the discrete label), and never trained: it holds its
// components' parameters as submodules only so that they move and count with it.
#pragma once
#include <memory>
#include <vector>

#include "bbg/models/density.hpp"

namespace bbg {

class MixtureDensity : public Density {
 public:
  // components: K >= 1 densities with the same event shape (std::invalid_argument otherwise).
  explicit MixtureDensity(std::vector<std::shared_ptr<Density>> components);

  std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) override;
  at::Tensor log_prob(const at::Tensor& x) override;
  bool reparameterized() const override { return false; }

  int64_t components() const { return static_cast<int64_t>(components_.size()); }

 private:
  std::vector<std::shared_ptr<Density>> components_;
};

}  // namespace bbg
