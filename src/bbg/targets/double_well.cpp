#include "bbg/targets/double_well.hpp"

#include <ATen/ATen.h>

#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/exact/double_well.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/targets/shape_check.hpp"

namespace bbg {
namespace {

// dS/dx_i = (mass / a)(2 x_i - x_{i+1} - x_{i-1}) + 4 a lambda x_i (x_i^2 - eta^2).
class DoubleWellKernel : public Potential {
 public:
  DoubleWellKernel(int64_t n, double a, double mass, double lambda, double eta)
      : n_(n), a_(a), mass_(mass), lambda_(lambda), eta2_(eta * eta) {}
  int64_t size() const override { return n_; }
  double value(const double* x) const override {
    double s = 0.0;
    for (int64_t i = 0; i < n_; ++i) {
      const double dx = x[(i + 1) % n_] - x[i], w = x[i] * x[i] - eta2_;
      s += mass_ * dx * dx / (2.0 * a_) + a_ * lambda_ * w * w;
    }
    return s;
  }
  void gradient(const double* x, double* g) const override {
    const double k = mass_ / a_;
    for (int64_t i = 0; i < n_; ++i) {
      const double next = x[(i + 1) % n_], prev = x[(i + n_ - 1) % n_];
      g[i] = k * (2.0 * x[i] - next - prev) + 4.0 * a_ * lambda_ * x[i] * (x[i] * x[i] - eta2_);
    }
  }

 private:
  int64_t n_;
  double a_, mass_, lambda_, eta2_;
};

}  // namespace

DoubleWellTarget::DoubleWellTarget(int64_t slices, double beta, double mass, double lambda, double eta)
    : slices_(slices), beta_(beta), mass_(mass), lambda_(lambda), eta_(eta) {
  kernel_ = std::make_unique<DoubleWellKernel>(slices_, spacing(), mass_, lambda_, eta_);
}

std::shared_ptr<Target> DoubleWellTarget::from_config(const ConfigSection& s) {
  const auto shape = read_lattice_shape(s, {32}, 1, 1);
  const double beta = s.get_double("beta", 4.0);
  const double mass = s.get_double("mass", 1.0);
  const double lambda = s.get_double("lambda", 1.0);
  const double eta = s.get_double("eta", 1.0);
  if (!(beta > 0)) throw ConfigError(s.path("beta"), format_config_value(beta), "must be > 0 (Euclidean time extent)");
  if (!(mass > 0)) throw ConfigError(s.path("mass"), format_config_value(mass), "must be > 0");
  if (!(lambda > 0))
    throw ConfigError(s.path("lambda"), format_config_value(lambda),
                      "must be > 0 (the quartic term makes the path integral normalizable)");
  if (!std::isfinite(eta)) throw ConfigError(s.path("eta"), format_config_value(eta), "must be finite");
  return std::make_shared<DoubleWellTarget>(shape[0], beta, mass, lambda, eta);
}

std::vector<std::pair<std::string, double>> DoubleWellTarget::parameters() const {
  return {{"beta", beta_}, {"mass", mass_}, {"lambda", lambda_}, {"eta", eta_}};
}

at::Tensor DoubleWellTarget::action(const at::Tensor& x) const {
  const double a = spacing();
  at::Tensor dx = at::roll(x, {-1}, {1}) - x;
  at::Tensor w = x * x - eta_ * eta_;
  return (mass_ / (2.0 * a) * dx * dx + a * lambda_ * w * w).sum(1);
}

at::Tensor DoubleWellTarget::force(const at::Tensor& x) const {
  const double a = spacing();
  at::Tensor laplacian = 2.0 * x - at::roll(x, {-1}, {1}) - at::roll(x, {1}, {1});
  return mass_ / a * laplacian + 4.0 * a * lambda_ * x * (x * x - eta_ * eta_);
}

std::vector<Primary> DoubleWellTarget::primaries() const {
  return {{"x", "path average (1/N) sum_i x_i", false},
          {"x2", "(1/N) sum_i x_i^2", false},
          {"tunnelling", "1 if the path visits both signs of x, else 0", false}};
}

Observables DoubleWellTarget::measure(const at::Tensor& x) const {
  at::Tensor both = at::logical_and((x > 0).any(1), (x < 0).any(1)).to(at::kDouble);
  return {{"x", x.mean(1)}, {"x2", (x * x).mean(1)}, {"tunnelling", both}};
}

ExactResults DoubleWellTarget::exact() const {
  const auto t = exact::double_well_transfer_matrix(slices_, beta_, mass_, lambda_, eta_);
  ExactResults r;
  r.log_z = t.log_z;
  r.observables = {{"x", 0.0}, {"x2", t.x2}, {"tunnelling", t.tunnelling}};
  r.method = t.method;
  return r;
}

}  // namespace bbg
