// Independent prior on the flat parameters theta, one per parameter tensor k (a
// layer's weight, its bias), by default Gaussian with scale s_k:
//   -log p(theta) = sum_k sum_{j in k} [ theta_j^2 / (2 s_k^2) + log s_k + log(2 pi) / 2 ],
//   d(-log p)/d theta_j = theta_j / s_k^2.
// Scales: fixed (s_k = s for every tensor), or fan-in scaled, s_k = c / sqrt(fan_in_k)
// (the scale of torch's default initialisation; Neal, "Bayesian Learning for Neural
// Networks", 1996, sec. 2.2, for why the prior width should shrink with the fan-in).
//
// A tensor can carry another prior instead, set by name (set_half_normal_log_scale):
// its elements are u = log sigma of a scale sigma ~ half-normal(s), e.g. the
// "log_sigma" of a sampled regression noise (noise_scale_module.hpp). The density is
// that of u, with the Jacobian d sigma / d u = sigma of the log transform:
//   p(u) = p_HN(e^u) e^u,  p_HN(sigma) = sqrt(2 / pi) / s exp(-sigma^2 / (2 s^2)),
//   -log p(u) = e^{2u} / (2 s^2) - u + log s - log(2 / pi) / 2,
//   d(-log p)/du = e^{2u} / s^2 - 1.
// Every normalisation is kept, so -log p is the true negative log density of theta.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/bayes/parameter_layout.hpp"

namespace bbg::bayes {

enum class TensorPriorKind {
  kGaussian,            // theta_j ~ N(0, s^2)
  kHalfNormalLogScale,  // exp(theta_j) ~ half-normal(s), density in theta_j (with the Jacobian)
};

class GaussianPrior {
 public:
  // scales: one per tensor of `layout`, each > 0 (std::invalid_argument otherwise); all Gaussian.
  GaussianPrior(ParameterLayout layout, std::vector<double> scales);
  static GaussianPrior fixed(const ParameterLayout& layout, double scale);
  static GaussianPrior fan_in(const ParameterLayout& layout, double multiplier = 1.0);

  // The tensor `name` gets the half-normal(scale) prior on sigma = exp(theta_j) instead
  // (see above). std::invalid_argument if no tensor is called `name` (the message
  // lists them) or scale is not positive and finite. Returns *this.
  GaussianPrior& set_half_normal_log_scale(const std::string& name, double scale);

  int64_t size() const { return layout_.size; }
  double neg_log_density(const double* theta) const;
  // g += factor * d(-log p)/d theta.
  void add_gradient(const double* theta, double factor, double* g) const;

  const ParameterLayout& layout() const { return layout_; }
  const std::vector<double>& scales() const { return scales_; }  // s_k of either kind
  const std::vector<TensorPriorKind>& kinds() const { return kinds_; }
  // "0.weight: N(0, 0.5^2) x 6; ...; log_sigma: exp(log_sigma) ~ HalfNormal(1) (density in
  // log_sigma, Jacobian included) x 1" for summaries and messages.
  std::string describe() const;

 private:
  ParameterLayout layout_;
  std::vector<double> scales_;
  std::vector<TensorPriorKind> kinds_;
};

}  // namespace bbg::bayes
