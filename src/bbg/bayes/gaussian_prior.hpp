// Independent Gaussian prior on the flat parameters theta, one scale s_k per
// parameter tensor k (a layer's weight, its bias):
//   -log p(theta) = sum_k sum_{j in k} [ theta_j^2 / (2 s_k^2) + log s_k + log(2 pi) / 2 ],
//   d(-log p)/d theta_j = theta_j / s_k^2.
// The normalisation is kept, so -log p is the true negative log density.
// Scales: fixed (s_k = s for every tensor), or fan-in scaled, s_k = c / sqrt(fan_in_k)
// (the scale of torch's default initialisation; Neal, "Bayesian Learning for Neural
// Networks", 1996, sec. 2.2, for why the prior width should shrink with the fan-in).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/bayes/parameter_layout.hpp"

namespace bbg::bayes {

class GaussianPrior {
 public:
  // scales: one per tensor of `layout`, each > 0 (std::invalid_argument otherwise).
  GaussianPrior(ParameterLayout layout, std::vector<double> scales);
  static GaussianPrior fixed(const ParameterLayout& layout, double scale);
  static GaussianPrior fan_in(const ParameterLayout& layout, double multiplier = 1.0);

  int64_t size() const { return layout_.size; }
  double neg_log_density(const double* theta) const;
  // g += factor * d(-log p)/d theta.
  void add_gradient(const double* theta, double factor, double* g) const;

  const ParameterLayout& layout() const { return layout_; }
  const std::vector<double>& scales() const { return scales_; }
  // "0.weight: N(0, 0.5^2) x 6; 0.bias: ..." for summaries and messages.
  std::string describe() const;

 private:
  ParameterLayout layout_;
  std::vector<double> scales_;
};

}  // namespace bbg::bayes
