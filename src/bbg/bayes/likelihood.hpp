// Per-datum log likelihoods log p(y_i | f_i) of network outputs f_i = f(x_i; theta),
// as differentiable tensors (the weight potential takes their gradient by autograd).
// New families (Bernoulli, categorical, a sampled noise, heteroscedastic outputs)
// are further subclasses.
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
  // output, target: [n, k] (or [n]); returns [n], log p(y_i | f_i) summed over the k outputs.
  virtual at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const = 0;
};

// Gaussian regression with a fixed noise sigma:
//   log p(y | f) = sum_k [ -(y_k - f_k)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2 ].
class GaussianLikelihood : public Likelihood {
 public:
  explicit GaussianLikelihood(double sigma);  // sigma > 0 (std::invalid_argument otherwise)
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  double sigma() const { return sigma_; }

 private:
  double sigma_;
};

}  // namespace bbg::bayes
