// Per-datum log likelihoods log p(y_i | f_i) of network outputs f_i = f(x_i; theta),
// as differentiable tensors (the weight potential takes their gradient by autograd),
// and, from one output, the predictive mean of y and its aleatoric variance (the
// noise of y given theta). Over posterior draws theta_s the predictive variance splits
// (law of total variance) into
//   Var[y | x, D] = Var_s[ mean_s ]  (epistemic)  +  E_s[ variance_s ]  (aleatoric).
// Regression families here; classification_likelihood.hpp and density_likelihood.hpp
// hold the others. Targets arrive in the network's dtype (WeightPotential converts
// them), as [n, k] or [n] (read as [n, 1]).
#pragma once
#include <string>

namespace at {
class Tensor;
}

namespace bbg::bayes {

class Likelihood {
 public:
  virtual ~Likelihood() = default;
  virtual std::string describe() const = 0;
  // output [n, ...], target [n, k] (or [n]); returns [n], log p(y_i | f_i) summed over the k outputs.
  virtual at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const = 0;
  // From output [n, ...]: *mean = E[y | f], *variance = Var[y | f] (elementwise), each [n, k].
  virtual void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const = 0;
};

// Gaussian regression with a fixed noise sigma; output and target [n, k] (or [n]):
//   log p(y | f) = sum_k [ -(y_k - f_k)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2 ];
// predictive mean f, variance sigma^2.
class GaussianLikelihood : public Likelihood {
 public:
  explicit GaussianLikelihood(double sigma);  // sigma > 0 (std::invalid_argument otherwise)
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
  double sigma() const { return sigma_; }

 private:
  double sigma_;
};

// Gaussian regression whose noise sigma is sampled with the weights: the network is
// wrapped by with_learned_noise() (noise_scale_module.hpp), whose output is
// [n, k + 1] = [f_1 .. f_k, log sigma] (the last column the one parameter
// `log_sigma` broadcast over the data), target [n, k]:
//   log p(y | f, sigma) = sum_k [ -(y_k - f_k)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2 ];
// predictive mean f, variance sigma^2. The prior on sigma is a separate tensor prior
// (GaussianPrior::set_half_normal_log_scale on "log_sigma"), so the WeightPotential
// treats log sigma as one more weight.
class GaussianLearnedNoiseLikelihood : public Likelihood {
 public:
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
};

// Heteroscedastic Gaussian regression: the network outputs [n, 2k] = [m_1 .. m_k,
// v_1 .. v_k] with v = log variance per datum (the aleatoric noise learned as a
// function of x; Nix & Weigend, ICNN 1994; Kendall & Gal, NeurIPS 2017, eq. 5),
// target [n, k]:
//   log p(y | m, v) = sum_k [ -(y_k - m_k)^2 / (2 exp(v_k)) - v_k / 2 - log(2 pi) / 2 ];
// predictive mean m, variance exp(v).
class HeteroscedasticGaussianLikelihood : public Likelihood {
 public:
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
};

}  // namespace bbg::bayes
