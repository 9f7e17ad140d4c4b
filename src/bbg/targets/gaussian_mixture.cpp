#include "bbg/targets/gaussian_mixture.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {
namespace {

// Log of the unnormalized component weights l_k(x) = ln w_k - |x - mu_k|^2 / (2 sigma_k^2);
// S = -logsumexp_k l_k and dS/dx = sum_k r_k (x - mu_k) / sigma_k^2 with r = softmax(l).
class MixtureKernel : public Potential {
 public:
  MixtureKernel(const std::vector<std::vector<double>>& centers, const std::vector<double>& sigmas,
                const std::vector<double>& weights)
      : centers_(centers), sigmas_(sigmas), log_w_(weights.size()) {
    for (size_t k = 0; k < weights.size(); ++k) log_w_[k] = std::log(weights[k]);
  }
  int64_t size() const override { return static_cast<int64_t>(centers_[0].size()); }
  double value(const double* x) const override {
    std::vector<double> l = logits(x);
    return -log_sum_exp(l);
  }
  void gradient(const double* x, double* g) const override {
    std::vector<double> l = logits(x);
    const double lse = log_sum_exp(l);
    const int64_t d = size();
    std::fill(g, g + d, 0.0);
    for (size_t k = 0; k < l.size(); ++k) {
      const double r = std::exp(l[k] - lse) / (sigmas_[k] * sigmas_[k]);
      for (int64_t i = 0; i < d; ++i) g[i] += r * (x[i] - centers_[k][i]);
    }
  }

 private:
  std::vector<double> logits(const double* x) const {
    std::vector<double> l(log_w_.size());
    for (size_t k = 0; k < l.size(); ++k) {
      double r2 = 0.0;
      for (size_t i = 0; i < centers_[k].size(); ++i) r2 += (x[i] - centers_[k][i]) * (x[i] - centers_[k][i]);
      l[k] = log_w_[k] - r2 / (2.0 * sigmas_[k] * sigmas_[k]);
    }
    return l;
  }
  static double log_sum_exp(const std::vector<double>& l) {
    const double top = *std::max_element(l.begin(), l.end());
    double s = 0.0;
    for (double v : l) s += std::exp(v - top);
    return top + std::log(s);
  }
  std::vector<std::vector<double>> centers_;
  std::vector<double> sigmas_, log_w_;
};

}  // namespace

GaussianMixtureTarget::GaussianMixtureTarget(std::vector<std::vector<double>> centers, std::vector<double> sigmas,
                                             std::vector<double> weights)
    : dim_(static_cast<int64_t>(centers.at(0).size())),
      centers_(std::move(centers)),
      sigmas_(std::move(sigmas)),
      weights_(std::move(weights)) {
  kernel_ = std::make_unique<MixtureKernel>(centers_, sigmas_, weights_);
}

std::shared_ptr<Target> GaussianMixtureTarget::from_config(const ConfigSection& s) {
  const auto centers = s.get_double_matrix("centers", {{-2.0, 0.0}, {2.0, 0.0}});
  if (centers.empty() || centers[0].empty())
    throw ConfigError(s.path("centers"), "[]", "must list at least one center with at least one coordinate");
  const size_t dim = centers[0].size(), k = centers.size();
  for (const auto& c : centers)
    if (c.size() != dim)
      throw ConfigError(s.path("centers"), format_config_value(centers),
                        "every center must have the same number of coordinates (" + std::to_string(dim) + ")");
  const auto sigmas = s.get_double_list("sigmas", std::vector<double>(k, 0.5));
  const auto weights = s.get_double_list("weights", std::vector<double>(k, 1.0));
  if (sigmas.size() != k)
    throw ConfigError(s.path("sigmas"), format_config_value(sigmas),
                      "needs one width per center (" + std::to_string(k) + ")");
  if (weights.size() != k)
    throw ConfigError(s.path("weights"), format_config_value(weights),
                      "needs one weight per center (" + std::to_string(k) + ")");
  for (double v : sigmas)
    if (!(v > 0) || !std::isfinite(v))
      throw ConfigError(s.path("sigmas"), format_config_value(sigmas), "every width must be finite and > 0");
  for (double v : weights)
    if (!(v > 0) || !std::isfinite(v))
      throw ConfigError(s.path("weights"), format_config_value(weights), "every weight must be finite and > 0");
  return std::make_shared<GaussianMixtureTarget>(centers, sigmas, weights);
}

std::vector<std::pair<std::string, double>> GaussianMixtureTarget::parameters() const {
  return {{"components", static_cast<double>(centers_.size())}};
}

at::Tensor GaussianMixtureTarget::action(const at::Tensor& x) const {
  std::vector<at::Tensor> logits;
  for (size_t k = 0; k < centers_.size(); ++k) {
    at::Tensor mu = at::tensor(centers_[k], x.options());
    at::Tensor r2 = (x - mu).pow(2).sum(1);
    logits.push_back(std::log(weights_[k]) - r2 / (2.0 * sigmas_[k] * sigmas_[k]));
  }
  return -at::logsumexp(at::stack(logits, 1), {1});
}

std::vector<Primary> GaussianMixtureTarget::primaries() const {
  return {{"x", "coordinate average (1/D) sum_i x_i", false}, {"x2", "(1/D) |x|^2", false}};
}

Observables GaussianMixtureTarget::measure(const at::Tensor& x) const {
  return {{"x", x.mean(1)}, {"x2", (x * x).mean(1)}};
}

ExactResults GaussianMixtureTarget::exact() const {
  const double d = static_cast<double>(dim_);
  std::vector<double> log_mass(centers_.size());
  for (size_t k = 0; k < centers_.size(); ++k)
    log_mass[k] = std::log(weights_[k]) + 0.5 * d * std::log(2.0 * M_PI * sigmas_[k] * sigmas_[k]);
  const double top = *std::max_element(log_mass.begin(), log_mass.end());
  double z_scaled = 0.0;
  for (double l : log_mass) z_scaled += std::exp(l - top);
  ExactResults r;
  r.log_z = top + std::log(z_scaled);
  double x = 0.0, x2 = 0.0;
  for (size_t k = 0; k < centers_.size(); ++k) {
    const double pk = std::exp(log_mass[k] - *r.log_z);
    double sum = 0.0, norm2 = 0.0;
    for (double c : centers_[k]) sum += c, norm2 += c * c;
    x += pk * sum / d;
    x2 += pk * (norm2 + d * sigmas_[k] * sigmas_[k]) / d;
  }
  r.observables = {{"x", x}, {"x2", x2}};
  r.method = "closed form (Gaussian integrals)";
  return r;
}

}  // namespace bbg
