#include "bbg/bayes/likelihood.hpp"

#include <torch/torch.h>

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bbg::bayes {
namespace {

const double kHalfLog2Pi = 0.5 * std::log(2.0 * M_PI);

std::string shape_text(const at::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// target as [n, k]; a 1-D target is one column.
at::Tensor as_columns(const at::Tensor& target) { return target.dim() == 1 ? target.unsqueeze(1) : target.flatten(1); }

// Splits output [n, k + extra] (extra = k or 1) into its first k columns and the rest,
// checking the shapes against target [n, k].
void split_output(const char* who, const at::Tensor& output, const at::Tensor& target, bool one_extra,
                  at::Tensor* head, at::Tensor* tail) {
  const at::Tensor y = as_columns(target);
  const int64_t k = y.size(1);
  const int64_t want = one_extra ? k + 1 : 2 * k;
  if (output.dim() != 2 || output.size(0) != y.size(0) || output.size(1) != want)
    throw std::invalid_argument(std::string(who) + ": network output " + shape_text(output) + " for targets " +
                                shape_text(target) + "; expected [n, " + std::to_string(want) + "]");
  *head = output.narrow(1, 0, k);
  *tail = output.narrow(1, k, want - k);
}

}  // namespace

// ------------------------------------------------------------------ fixed noise

GaussianLikelihood::GaussianLikelihood(double sigma) : sigma_(sigma) {
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    throw std::invalid_argument("Gaussian likelihood: the noise sigma must be positive and finite");
}

std::string GaussianLikelihood::describe() const {
  std::ostringstream out;
  out << "Gaussian, fixed noise sigma = " << sigma_;
  return out.str();
}

at::Tensor GaussianLikelihood::log_likelihood(const at::Tensor& output, const at::Tensor& target) const {
  if (output.sizes() != target.sizes())
    throw std::invalid_argument("Gaussian likelihood: network output and target shapes differ");
  const double norm = std::log(sigma_) + kHalfLog2Pi;
  const at::Tensor per_value = -(target - output).square() / (2.0 * sigma_ * sigma_) - norm;
  return output.dim() == 1 ? per_value : per_value.flatten(1).sum(1);
}

void GaussianLikelihood::predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const {
  *mean = as_columns(output);
  *variance = torch::full_like(*mean, sigma_ * sigma_);
}

// ------------------------------------------------------------------ sampled noise

std::string GaussianLearnedNoiseLikelihood::describe() const {
  return "Gaussian, noise sigma sampled (output [mean, log sigma])";
}

at::Tensor GaussianLearnedNoiseLikelihood::log_likelihood(const at::Tensor& output, const at::Tensor& target) const {
  at::Tensor mean, log_sigma;
  split_output("Gaussian likelihood with sampled noise", output, target, /*one_extra=*/true, &mean, &log_sigma);
  const at::Tensor r = as_columns(target) - mean;
  // log_sigma [n, 1] broadcasts over the k columns.
  return (-r.square() * torch::exp(-2.0 * log_sigma) / 2.0 - log_sigma - kHalfLog2Pi).sum(1);
}

void GaussianLearnedNoiseLikelihood::predictive(const at::Tensor& output, at::Tensor* mean,
                                                at::Tensor* variance) const {
  if (output.dim() != 2 || output.size(1) < 2)
    throw std::invalid_argument("Gaussian likelihood with sampled noise: network output " + shape_text(output) +
                                "; expected [n, k + 1]");
  const int64_t k = output.size(1) - 1;
  *mean = output.narrow(1, 0, k);
  *variance = torch::exp(2.0 * output.narrow(1, k, 1)).expand({output.size(0), k});
}

// ------------------------------------------------------------------ heteroscedastic

std::string HeteroscedasticGaussianLikelihood::describe() const {
  return "Gaussian, heteroscedastic (output [mean, log variance] per datum)";
}

at::Tensor HeteroscedasticGaussianLikelihood::log_likelihood(const at::Tensor& output,
                                                            const at::Tensor& target) const {
  at::Tensor mean, log_var;
  split_output("heteroscedastic Gaussian likelihood", output, target, /*one_extra=*/false, &mean, &log_var);
  const at::Tensor r = as_columns(target) - mean;
  return (-r.square() * torch::exp(-log_var) / 2.0 - log_var / 2.0 - kHalfLog2Pi).sum(1);
}

void HeteroscedasticGaussianLikelihood::predictive(const at::Tensor& output, at::Tensor* mean,
                                                   at::Tensor* variance) const {
  if (output.dim() != 2 || output.size(1) % 2 != 0)
    throw std::invalid_argument("heteroscedastic Gaussian likelihood: network output " + shape_text(output) +
                                "; expected [n, 2k]");
  const int64_t k = output.size(1) / 2;
  *mean = output.narrow(1, 0, k);
  *variance = torch::exp(output.narrow(1, k, k));
}

}  // namespace bbg::bayes
