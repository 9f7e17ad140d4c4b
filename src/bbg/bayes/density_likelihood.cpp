#include "bbg/bayes/density_likelihood.hpp"

#include <torch/torch.h>

#include <sstream>
#include <stdexcept>

namespace bbg::bayes {
namespace {

at::Tensor log_density(const at::Tensor& output) {
  if (output.dim() == 1) return output;
  if (output.dim() == 2 && output.size(1) == 1) return output.squeeze(1);
  std::ostringstream out;
  out << "density likelihood: the model's output " << output.sizes() << " is not one log density per datum ([n])";
  throw std::invalid_argument(out.str());
}

}  // namespace

std::string DensityLikelihood::describe() const { return "density model (forward(x) = log q(x))"; }

at::Tensor DensityLikelihood::log_likelihood(const at::Tensor& output, const at::Tensor& /*target*/) const {
  return log_density(output);
}

void DensityLikelihood::predictive(const at::Tensor& output, at::Tensor* mean, at::Tensor* variance) const {
  *mean = torch::exp(log_density(output)).unsqueeze(1);
  *variance = torch::zeros_like(*mean);
}

}  // namespace bbg::bayes
