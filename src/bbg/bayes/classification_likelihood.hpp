// Likelihoods of class labels from logits (likelihood.hpp for the interface).
//   Bernoulli:   one logit l per datum, y in {0, 1}:
//                  log p(y | l) = y l - softplus(l),  softplus(l) = log(1 + e^l)
//                (= y log s(l) + (1 - y) log(1 - s(l)), s the logistic function);
//                predictive mean p = s(l), variance p (1 - p).
//   Categorical: K logits per datum, y the class index 0 .. K - 1:
//                  log p(y | l) = l_y - log sum_c exp(l_c)  (log_softmax);
//                predictive mean the probabilities p_c = softmax(l)_c [n, K] (the mean
//                of the one-hot y), variance p_c (1 - p_c).
// Labels are not range-checked here (that is done once, when the data are loaded:
// check_class_labels in dataset.hpp); a label out of range is a torch error.
#pragma once
#include <cstdint>
#include <string>

#include "bbg/bayes/likelihood.hpp"

namespace bbg::bayes {

// output [n, 1] or [n] logits; target [n, 1] or [n] with values 0 or 1.
class BernoulliLikelihood : public Likelihood {
 public:
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
};

// output [n, K] logits; target [n, 1] or [n] holding class indices (as numbers of the
// network's dtype; rounded to the nearest integer).
class CategoricalLikelihood : public Likelihood {
 public:
  explicit CategoricalLikelihood(int64_t classes);  // classes >= 2 (std::invalid_argument otherwise)
  std::string describe() const override;
  at::Tensor log_likelihood(const at::Tensor& output, const at::Tensor& target) const override;
  void predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const override;
  int64_t classes() const { return classes_; }

 private:
  int64_t classes_;
};

}  // namespace bbg::bayes
