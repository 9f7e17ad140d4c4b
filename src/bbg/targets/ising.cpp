#include "bbg/targets/ising.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/exact/enumeration.hpp"
#include "bbg/exact/ising_transfer.hpp"
#include "bbg/exact/kaufman.hpp"
#include "bbg/targets/lattice_observables.hpp"
#include "bbg/targets/shape_check.hpp"

namespace bbg {

IsingTarget::IsingTarget(std::vector<int64_t> shape, double beta, double coupling, double field)
    : lattice_(std::move(shape)), beta_(beta), coupling_(coupling), field_(field) {}

std::shared_ptr<Target> IsingTarget::from_config(const ConfigSection& s) {
  auto shape = read_lattice_shape(s, {8, 8}, 1, 4);
  const double beta = s.get_double("beta", 0.4406867935097715);
  const double coupling = s.get_double("J", 1.0);
  const double field = s.get_double("h", 0.0);
  if (!(beta >= 0))
    throw ConfigError(s.path("beta"), format_config_value(beta), "must be >= 0 (inverse temperature)");
  return std::make_shared<IsingTarget>(shape, beta, coupling, field);
}

std::vector<std::pair<std::string, double>> IsingTarget::parameters() const {
  return {{"beta", beta_}, {"J", coupling_}, {"h", field_}};
}

at::Tensor IsingTarget::energy(const at::Tensor& s) const {
  std::vector<int64_t> event_dims;
  for (int64_t a = 1; a < s.dim(); ++a) event_dims.push_back(a);
  at::Tensor forward_sum = at::zeros_like(s);
  for (int64_t a = 1; a < s.dim(); ++a) forward_sum += at::roll(s, {-1}, {a});
  return -coupling_ * (s * forward_sum).sum(event_dims) - field_ * s.sum(event_dims);
}

at::Tensor IsingTarget::action(const at::Tensor& s) const { return beta_ * energy(s); }

std::vector<Primary> IsingTarget::primaries() const {
  std::vector<Primary> p = magnetisation_primaries();
  p.push_back({"energy", "energy per site e = E / V", false});
  p.push_back({"energy2", "e^2", true});
  return p;
}

std::vector<Derived> IsingTarget::derived() const {
  const double volume = static_cast<double>(lattice_.volume()), beta = beta_;
  return {{"chi", "beta V (<m^2> - <|m|>^2)", {"m2", "abs_m"},
           [=](const std::vector<double>& a) { return beta * volume * (a[0] - a[1] * a[1]); }},
          binder_derived(),
          {"specific_heat", "beta^2 V (<e^2> - <e>^2)", {"energy2", "energy"},
           [=](const std::vector<double>& a) { return beta * beta * volume * (a[0] - a[1] * a[1]); }}};
}

Observables IsingTarget::measure(const at::Tensor& s) const {
  const int64_t b = s.size(0), volume = lattice_.volume();
  Observables out = measure_magnetisation(s.reshape({b, volume}).to(at::kDouble));
  at::Tensor e = energy(s.to(at::kDouble)) / static_cast<double>(volume);
  out.emplace_back("energy", e);
  out.emplace_back("energy2", e * e);
  return out;
}

// Exact results: enumeration for V <= 25 (everything), otherwise in 2D the
// transfer matrix where the smaller extent is <= 10 (ln Z, energy, C, m^2) and
// Kaufman's formula for h = 0 (ln Z, energy, C on any size).
ExactResults IsingTarget::exact() const {
  ExactResults r;
  const auto& shape = lattice_.shape();
  if (lattice_.volume() <= 25) {
    const auto e = exact::enumerate_ising(shape, beta_, coupling_, field_);
    r.log_z = e.log_z;
    r.observables = {{"energy", e.energy}, {"specific_heat", e.specific_heat},
                     {"m", e.m},           {"abs_m", e.abs_m},
                     {"m2", e.m2},         {"chi", e.chi},
                     {"binder", e.binder}};
    r.method = e.method;
    return r;
  }
  if (shape.size() != 2) return r;
  if (std::min(shape[0], shape[1]) <= 10) {
    const auto t = exact::ising_transfer_matrix_2d(shape[0], shape[1], beta_, coupling_, field_);
    r.log_z = t.log_z;
    r.observables = {{"energy", t.energy}, {"specific_heat", t.specific_heat}};
    if (t.m2) r.observables["m2"] = *t.m2;
    if (field_ == 0.0) r.observables["m"] = 0.0;
    r.method = t.method;
    return r;
  }
  if (field_ == 0.0 && coupling_ > 0) {
    const auto k = exact::kaufman_ising_2d(shape[0], shape[1], beta_, coupling_);
    r.log_z = k.log_z;
    r.observables = {{"energy", k.energy}, {"specific_heat", k.specific_heat}, {"m", 0.0}};
    r.method = k.method;
  }
  return r;
}

}  // namespace bbg
