// Observables shared by lattice targets (phi^4, Ising): magnetisation moments,
// the Binder cumulant and the zero-momentum two-point function.
//
// With m = (1/V) sum_x phi(x) and the time axis 0 of extent T (V_s = V/T sites
// per time slice, Phi(t) = sum over a slice):
//   per-sample   C(t)  = (1/V) sum_t0 Phi(t0) Phi(t0 + t)           ("corr_t", internal)
//   connected    G_c(t) = <C(t)> - V_s <m>^2                         ("correlator[t]")
//   effective mass m_eff(t) = arccosh[(G_c(t-1) + G_c(t+1)) / (2 G_c(t))],  t = 1..T/2-1
//   correlation length xi = 1 / m_eff(t*), t* = max(1, T/4)
//   Binder U = 1 - <m^4> / (3 <m^2>^2)
#pragma once
#include "bbg/targets/target.hpp"

namespace bbg {
namespace exact {
struct FieldExact;
}

std::vector<Primary> magnetisation_primaries();
Observables measure_magnetisation(const at::Tensor& flat);  // flat: [B, V]
Derived binder_derived();

std::vector<Primary> correlator_primaries(int64_t time_extent);
Observables measure_correlator(const at::Tensor& flat, int64_t time_extent);
std::vector<Derived> correlator_derived(int64_t time_extent, int64_t slice_volume, int64_t t_star);
// Fills correlator[t], effective_mass[t] and correlation_length from r.correlator (= exact G_c).
void add_exact_correlator_quantities(ExactResults& r, int64_t time_extent, int64_t slice_volume, int64_t t_star);

double effective_mass(double g_prev, double g, double g_next);

ExactResults to_exact_results(const exact::FieldExact& f);

}  // namespace bbg
