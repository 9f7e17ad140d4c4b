#include "bbg/targets/lattice_observables.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "bbg/exact/results.hpp"

namespace bbg {

std::vector<Primary> magnetisation_primaries() {
  return {{"m", "magnetisation per site m = (1/V) sum_x phi(x)", false},
          {"abs_m", "|m|", false},
          {"m2", "m^2", false},
          {"m4", "m^4", true}};
}

Observables measure_magnetisation(const at::Tensor& flat) {
  at::Tensor m = flat.mean(1);
  at::Tensor m2 = m * m;
  return {{"m", m}, {"abs_m", m.abs()}, {"m2", m2}, {"m4", m2 * m2}};
}

Derived binder_derived() {
  return {"binder", "1 - <m^4> / (3 <m^2>^2)", {"m4", "m2"},
          [](const std::vector<double>& a) { return 1.0 - a[0] / (3.0 * a[1] * a[1]); }};
}

std::vector<Primary> correlator_primaries(int64_t time_extent) {
  std::vector<Primary> p;
  for (int64_t t = 0; t < time_extent; ++t)
    p.push_back({"corr_" + std::to_string(t), "(1/V) sum_t0 Phi(t0) Phi(t0+t)", true});
  return p;
}

Observables measure_correlator(const at::Tensor& flat, int64_t time_extent) {
  const int64_t b = flat.size(0), volume = flat.size(1);
  at::Tensor slices = flat.reshape({b, time_extent, volume / time_extent}).sum(2);  // Phi(t)
  Observables out;
  for (int64_t t = 0; t < time_extent; ++t) {
    at::Tensor c = (slices * at::roll(slices, {-t}, {1})).sum(1) / static_cast<double>(volume);
    out.emplace_back("corr_" + std::to_string(t), c);
  }
  return out;
}

double effective_mass(double g_prev, double g, double g_next) {
  const double ratio = (g_prev + g_next) / (2.0 * g);
  if (!(ratio >= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  return std::acosh(ratio);
}

std::vector<Derived> correlator_derived(int64_t time_extent, int64_t slice_volume, int64_t t_star) {
  std::vector<Derived> d;
  const double vs = static_cast<double>(slice_volume);
  const int64_t T = time_extent;
  auto corr = [](int64_t t) { return "corr_" + std::to_string(t); };
  for (int64_t t = 0; t < T; ++t)
    d.push_back({"correlator[" + std::to_string(t) + "]", "G_c(t) = <C(t)> - V_s <m>^2", {corr(t), "m"},
                 [vs](const std::vector<double>& a) { return a[0] - vs * a[1] * a[1]; }});
  auto meff = [vs](const std::vector<double>& a) {
    const double sub = vs * a[3] * a[3];
    return effective_mass(a[0] - sub, a[1] - sub, a[2] - sub);
  };
  for (int64_t t = 1; t <= T / 2 - 1; ++t)
    d.push_back({"effective_mass[" + std::to_string(t) + "]",
                 "arccosh[(G_c(t-1) + G_c(t+1)) / (2 G_c(t))]",
                 {corr(t - 1), corr(t), corr((t + 1) % T), "m"}, meff});
  if (T >= 4 && t_star <= T / 2 - 1)
    d.push_back({"correlation_length", "1 / m_eff(t*), t* = max(1, T/4) = " + std::to_string(t_star),
                 {corr(t_star - 1), corr(t_star), corr(t_star + 1), "m"},
                 [meff](const std::vector<double>& a) { return 1.0 / meff(a); }});
  return d;
}

void add_exact_correlator_quantities(ExactResults& r, int64_t T, int64_t, int64_t t_star) {
  if (static_cast<int64_t>(r.correlator.size()) != T) return;
  const auto& g = r.correlator;
  for (int64_t t = 0; t < T; ++t) r.observables["correlator[" + std::to_string(t) + "]"] = g[t];
  for (int64_t t = 1; t <= T / 2 - 1; ++t)
    r.observables["effective_mass[" + std::to_string(t) + "]"] = effective_mass(g[t - 1], g[t], g[(t + 1) % T]);
  if (T >= 4 && t_star <= T / 2 - 1)
    r.observables["correlation_length"] = 1.0 / effective_mass(g[t_star - 1], g[t_star], g[t_star + 1]);
}

ExactResults to_exact_results(const exact::FieldExact& f) {
  ExactResults r;
  r.log_z = f.log_z;
  r.method = f.method;
  auto put = [&r](const char* name, const std::optional<double>& v) {
    if (v) r.observables[name] = *v;
  };
  put("m", f.m);
  put("abs_m", f.abs_m);
  put("m2", f.m2);
  put("chi", f.chi);
  put("binder", f.binder);
  put("action_density", f.action_density);
  r.correlator = f.correlator;
  return r;
}

}  // namespace bbg
