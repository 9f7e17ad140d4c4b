#include "bbg/targets/phi4.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/exact/free_field.hpp"
#include "bbg/exact/single_site.hpp"
#include "bbg/targets/lattice_observables.hpp"
#include "bbg/targets/phi4_kernel.hpp"
#include "bbg/targets/shape_check.hpp"

namespace bbg {

// Open interval of kappa for which every eigenvalue 1 - 2 kappa sum_mu cos(p_mu) of the
// free-field quadratic form is positive: kappa < 1/(2 d) from p = 0 and
// kappa > 1/(2 sum_mu min_p cos p_mu) from the most negative momentum sum.
std::pair<double, double> free_field_kappa_range(const std::vector<int64_t>& shape) {
  double min_cos_sum = 0.0;
  for (int64_t l : shape) {
    double c = 1.0;
    for (int64_t n = 0; n < l; ++n) c = std::min(c, std::cos(2.0 * M_PI * n / l));
    min_cos_sum += c;
  }
  const double hi = 1.0 / (2.0 * shape.size());
  const double lo = min_cos_sum < 0 ? 1.0 / (2.0 * min_cos_sum) : -std::numeric_limits<double>::infinity();
  return {lo, hi};
}

Phi4Target::Phi4Target(std::vector<int64_t> shape, double kappa, double lambda)
    : lattice_(std::move(shape)), kappa_(kappa), lambda_(lambda) {
  kernel_ = std::make_unique<Phi4Kernel>(lattice_, kappa_, lambda_);
}

std::shared_ptr<Target> Phi4Target::from_config(const ConfigSection& s) {
  auto shape = read_lattice_shape(s, {8, 8}, 1, 4);
  const double kappa = s.get_double("kappa", 0.2);
  const double lambda = s.get_double("lambda", 0.022);
  if (lambda < 0)
    throw ConfigError(s.path("lambda"), format_config_value(lambda),
                      "must be >= 0 (lambda < 0 makes exp(-S) unbounded: no normalizable measure)");
  if (lambda == 0) {
    const auto [lo, hi] = free_field_kappa_range(shape);
    if (!(kappa > lo && kappa < hi))
      throw ConfigError(s.path("kappa"), format_config_value(kappa),
                        "with lambda = 0 (free field) the measure is normalizable only for " + format_config_value(lo) +
                            " < kappa < " + format_config_value(hi) +
                            " on this lattice (needs 1 - 2 kappa sum_mu cos p_mu > 0 for every momentum p)");
  }
  return std::make_shared<Phi4Target>(shape, kappa, lambda);
}

std::vector<std::pair<std::string, double>> Phi4Target::parameters() const {
  return {{"kappa", kappa_}, {"lambda", lambda_}};
}

at::Tensor phi4_hopping_term(const at::Tensor& x) {
  const int64_t d = x.dim() - 1;
  std::vector<int64_t> event_dims;
  for (int64_t a = 1; a <= d; ++a) event_dims.push_back(a);
  at::Tensor forward_sum = at::zeros_like(x);
  for (int64_t a = 1; a <= d; ++a) forward_sum += at::roll(x, {-1}, {a});
  return -2.0 * (x * forward_sum).sum(event_dims);
}

at::Tensor Phi4Target::action(const at::Tensor& x) const {
  std::vector<int64_t> event_dims;
  for (int64_t a = 1; a < x.dim(); ++a) event_dims.push_back(a);
  at::Tensor x2 = x * x;
  at::Tensor local = (x2 * ((1.0 - 2.0 * lambda_) + lambda_ * x2)).sum(event_dims);
  return kappa_ * phi4_hopping_term(x) + local;
}

at::Tensor Phi4Target::force(const at::Tensor& x) const {
  at::Tensor neighbours = at::zeros_like(x);
  for (int64_t a = 1; a < x.dim(); ++a) neighbours += at::roll(x, {-1}, {a}) + at::roll(x, {1}, {a});
  return -2.0 * kappa_ * neighbours + 2.0 * (1.0 - 2.0 * lambda_) * x + 4.0 * lambda_ * x * x * x;
}

int64_t Phi4Target::correlation_length_time() const { return std::max<int64_t>(1, time_extent() / 4); }

std::vector<Primary> Phi4Target::primaries() const {
  std::vector<Primary> p = magnetisation_primaries();
  p.push_back({"action_density", "S / V", false});
  auto corr = correlator_primaries(time_extent());
  p.insert(p.end(), corr.begin(), corr.end());
  return p;
}

std::vector<Derived> Phi4Target::derived() const {
  const double volume = static_cast<double>(lattice_.volume());
  std::vector<Derived> d;
  d.push_back({"chi", "V (<m^2> - <|m|>^2)", {"m2", "abs_m"},
               [volume](const std::vector<double>& a) { return volume * (a[0] - a[1] * a[1]); }});
  d.push_back(binder_derived());
  auto corr = correlator_derived(time_extent(), lattice_.volume() / time_extent(), correlation_length_time());
  d.insert(d.end(), corr.begin(), corr.end());
  return d;
}

Observables Phi4Target::measure(const at::Tensor& x) const {
  const int64_t b = x.size(0), volume = lattice_.volume();
  at::Tensor flat = x.reshape({b, volume});
  Observables out = measure_magnetisation(flat);
  out.emplace_back("action_density", action(x) / static_cast<double>(volume));
  auto corr = measure_correlator(flat, time_extent());
  out.insert(out.end(), corr.begin(), corr.end());
  return out;
}

ExactResults Phi4Target::exact() const {
  ExactResults r;
  const auto& shape = lattice_.shape();
  if (lambda_ == 0.0) {
    exact::FieldExact f = exact::free_field(shape, kappa_);
    r = to_exact_results(f);
    add_exact_correlator_quantities(r, time_extent(), lattice_.volume() / time_extent(), correlation_length_time());
  } else if (kappa_ == 0.0) {
    r = to_exact_results(exact::phi4_kappa_zero(shape, lambda_));
  }
  return r;
}

}  // namespace bbg
