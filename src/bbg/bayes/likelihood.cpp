#include "bbg/bayes/likelihood.hpp"

#include <torch/torch.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bbg::bayes {

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
  const double norm = std::log(sigma_) + 0.5 * std::log(2.0 * M_PI);
  const at::Tensor per_value = -(target - output).square() / (2.0 * sigma_ * sigma_) - norm;
  return output.dim() == 1 ? per_value : per_value.flatten(1).sum(1);
}

}  // namespace bbg::bayes
