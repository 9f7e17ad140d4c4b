// A density model as the "likelihood" of unlabelled data: the module's forward(x)
// returns log q_theta(x_i) per datum ([n] or [n, 1]), e.g. a normalising flow's log
// density, and
//   log p(x_i | theta) = log q_theta(x_i);
// the targets are not used (pass any [N, 0] or [N, 1] tensor). The posterior over the
// flow's weights is then p(theta | D) ∝ p(theta) prod_i q_theta(x_i).
// predictive(): mean q_theta(x_i) = exp(log q) (its average over posterior draws is
// the posterior predictive density at x_i), variance 0 (there is no y).
#pragma once
#include <string>

#include "bbg/bayes/likelihood.hpp"

namespace bbg::bayes {

class DensityLikelihood : public Likelihood {
 public:
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
};

}  // namespace bbg::bayes
