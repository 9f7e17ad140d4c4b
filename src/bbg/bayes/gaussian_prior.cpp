#include "bbg/bayes/gaussian_prior.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bbg::bayes {

GaussianPrior::GaussianPrior(ParameterLayout layout, std::vector<double> scales)
    : layout_(std::move(layout)), scales_(std::move(scales)) {
  if (scales_.size() != layout_.tensors.size())
    throw std::invalid_argument("Gaussian prior: " + std::to_string(scales_.size()) + " scales for " +
                                std::to_string(layout_.tensors.size()) + " parameter tensors");
  for (size_t k = 0; k < scales_.size(); ++k)
    if (!(scales_[k] > 0.0) || !std::isfinite(scales_[k]))
      throw std::invalid_argument("Gaussian prior: the scale of " + layout_.tensors[k].name +
                                  " must be positive and finite");
}

GaussianPrior GaussianPrior::fixed(const ParameterLayout& layout, double scale) {
  return GaussianPrior(layout, std::vector<double>(layout.tensors.size(), scale));
}

GaussianPrior GaussianPrior::fan_in(const ParameterLayout& layout, double multiplier) {
  std::vector<double> s;
  for (const auto& t : layout.tensors) s.push_back(multiplier / std::sqrt(static_cast<double>(t.fan_in)));
  return GaussianPrior(layout, std::move(s));
}

double GaussianPrior::neg_log_density(const double* theta) const {
  const double half_log_2pi = 0.5 * std::log(2.0 * M_PI);
  double u = 0.0;
  for (size_t k = 0; k < scales_.size(); ++k) {
    const auto& t = layout_.tensors[k];
    double ss = 0.0;
    for (int64_t j = t.offset; j < t.offset + t.numel; ++j) ss += theta[j] * theta[j];
    u += ss / (2.0 * scales_[k] * scales_[k]) + static_cast<double>(t.numel) * (std::log(scales_[k]) + half_log_2pi);
  }
  return u;
}

void GaussianPrior::add_gradient(const double* theta, double factor, double* g) const {
  for (size_t k = 0; k < scales_.size(); ++k) {
    const auto& t = layout_.tensors[k];
    const double c = factor / (scales_[k] * scales_[k]);
    for (int64_t j = t.offset; j < t.offset + t.numel; ++j) g[j] += c * theta[j];
  }
}

std::string GaussianPrior::describe() const {
  std::ostringstream out;
  for (size_t k = 0; k < scales_.size(); ++k)
    out << (k ? "; " : "") << layout_.tensors[k].name << ": N(0, " << scales_[k] << "^2) x " << layout_.tensors[k].numel;
  return out.str();
}

}  // namespace bbg::bayes
