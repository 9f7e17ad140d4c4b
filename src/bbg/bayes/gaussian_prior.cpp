#include "bbg/bayes/gaussian_prior.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bbg::bayes {
namespace {

bool positive_finite(double s) { return s > 0.0 && std::isfinite(s); }

}  // namespace

GaussianPrior::GaussianPrior(ParameterLayout layout, std::vector<double> scales)
    : layout_(std::move(layout)), scales_(std::move(scales)), kinds_(scales_.size(), TensorPriorKind::kGaussian) {
  if (scales_.size() != layout_.tensors.size())
    throw std::invalid_argument("Gaussian prior: " + std::to_string(scales_.size()) + " scales for " +
                                std::to_string(layout_.tensors.size()) + " parameter tensors");
  for (size_t k = 0; k < scales_.size(); ++k)
    if (!positive_finite(scales_[k]))
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

GaussianPrior& GaussianPrior::set_half_normal_log_scale(const std::string& name, double scale) {
  if (!positive_finite(scale))
    throw std::invalid_argument("prior of " + name + ": the half-normal scale " + std::to_string(scale) +
                                " must be positive and finite");
  for (size_t k = 0; k < layout_.tensors.size(); ++k) {
    if (layout_.tensors[k].name != name) continue;
    scales_[k] = scale;
    kinds_[k] = TensorPriorKind::kHalfNormalLogScale;
    return *this;
  }
  std::string names;
  for (const auto& t : layout_.tensors) names += (names.empty() ? "" : ", ") + t.name;
  throw std::invalid_argument("prior: no parameter tensor called '" + name + "' (the network has: " + names + ")");
}

double GaussianPrior::neg_log_density(const double* theta) const {
  const double half_log_2pi = 0.5 * std::log(2.0 * M_PI);
  const double half_log_2_over_pi = 0.5 * std::log(2.0 / M_PI);
  double u = 0.0;
  for (size_t k = 0; k < scales_.size(); ++k) {
    const auto& t = layout_.tensors[k];
    const double s = scales_[k], count = static_cast<double>(t.numel);
    if (kinds_[k] == TensorPriorKind::kGaussian) {
      double ss = 0.0;
      for (int64_t j = t.offset; j < t.offset + t.numel; ++j) ss += theta[j] * theta[j];
      u += ss / (2.0 * s * s) + count * (std::log(s) + half_log_2pi);
    } else {
      for (int64_t j = t.offset; j < t.offset + t.numel; ++j) u += std::exp(2.0 * theta[j]) / (2.0 * s * s) - theta[j];
      u += count * (std::log(s) - half_log_2_over_pi);
    }
  }
  return u;
}

void GaussianPrior::add_gradient(const double* theta, double factor, double* g) const {
  for (size_t k = 0; k < scales_.size(); ++k) {
    const auto& t = layout_.tensors[k];
    const double c = factor / (scales_[k] * scales_[k]);
    if (kinds_[k] == TensorPriorKind::kGaussian) {
      for (int64_t j = t.offset; j < t.offset + t.numel; ++j) g[j] += c * theta[j];
    } else {
      for (int64_t j = t.offset; j < t.offset + t.numel; ++j) g[j] += c * std::exp(2.0 * theta[j]) - factor;
    }
  }
}

std::string GaussianPrior::describe() const {
  std::ostringstream out;
  for (size_t k = 0; k < scales_.size(); ++k) {
    const auto& t = layout_.tensors[k];
    out << (k ? "; " : "") << t.name << ": ";
    if (kinds_[k] == TensorPriorKind::kGaussian)
      out << "N(0, " << scales_[k] << "^2)";
    else
      out << "exp(" << t.name << ") ~ HalfNormal(" << scales_[k] << ") (density in " << t.name
          << ", Jacobian included)";
    out << " x " << t.numel;
  }
  return out.str();
}

}  // namespace bbg::bayes
