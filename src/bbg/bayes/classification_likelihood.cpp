#include "bbg/bayes/classification_likelihood.hpp"

#include <torch/torch.h>

#include <sstream>
#include <stdexcept>
#include <string>

namespace bbg::bayes {
namespace {

std::string shape_text(const at::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// [n, 1] or [n] -> [n]; anything else is an error naming `who`.
at::Tensor one_per_datum(const char* who, const char* what, const at::Tensor& t) {
  if (t.dim() == 1) return t;
  if (t.dim() == 2 && t.size(1) == 1) return t.squeeze(1);
  throw std::invalid_argument(std::string(who) + ": " + what + " " + shape_text(t) + "; expected [n] or [n, 1]");
}

}  // namespace

std::string BernoulliLikelihood::describe() const { return "Bernoulli (one logit, y in {0, 1})"; }

at::Tensor BernoulliLikelihood::log_likelihood(const at::Tensor& output, const at::Tensor& target) const {
  const at::Tensor l = one_per_datum("Bernoulli likelihood", "network output", output);
  const at::Tensor y = one_per_datum("Bernoulli likelihood", "target", target);
  if (l.size(0) != y.size(0)) throw std::invalid_argument("Bernoulli likelihood: output and target rows differ");
  return y * l - torch::softplus(l);
}

void BernoulliLikelihood::predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const {
  const at::Tensor p = torch::sigmoid(one_per_datum("Bernoulli likelihood", "network output", output)).unsqueeze(1);
  *mean = p;
  *variance = p * (1.0 - p);
}

CategoricalLikelihood::CategoricalLikelihood(int64_t classes) : classes_(classes) {
  if (classes < 2)
    throw std::invalid_argument("categorical likelihood: classes = " + std::to_string(classes) + ": must be >= 2");
}

std::string CategoricalLikelihood::describe() const {
  return "categorical (" + std::to_string(classes_) + " logits, y the class index 0 .. " +
         std::to_string(classes_ - 1) + ")";
}

at::Tensor CategoricalLikelihood::log_likelihood(const at::Tensor& output, const at::Tensor& target) const {
  const at::Tensor y = one_per_datum("categorical likelihood", "target", target);
  if (output.dim() != 2 || output.size(1) != classes_ || output.size(0) != y.size(0))
    throw std::invalid_argument("categorical likelihood: network output " + shape_text(output) + " for targets " +
                                shape_text(target) + "; expected [n, " + std::to_string(classes_) + "]");
  const at::Tensor index = torch::round(y).to(torch::kLong).unsqueeze(1);
  return torch::log_softmax(output, 1).gather(1, index).squeeze(1);
}

void CategoricalLikelihood::predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const {
  if (output.dim() != 2 || output.size(1) != classes_)
    throw std::invalid_argument("categorical likelihood: network output " + shape_text(output) + "; expected [n, " +
                                std::to_string(classes_) + "]");
  const at::Tensor p = torch::softmax(output, 1);
  *mean = p;
  *variance = p * (1.0 - p);
}

}  // namespace bbg::bayes
