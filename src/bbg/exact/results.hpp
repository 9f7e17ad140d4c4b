// Result records of the exact (or numerically exact) reference calculations.
//
// Conventions (docs/conventions.md): S = beta E for spins, E = -J sum_<ij> s_i s_j - h sum_i s_i;
// phi^4 S = sum_x [ -2 kappa sum_mu phi(x) phi(x+mu) + (1 - 2 lambda) phi(x)^2 + lambda phi(x)^4 ].
// m = (1/V) sum_x s(x) (or phi(x)), energy per site e = E / V,
//   specific heat per site C = beta^2 V (<e^2> - <e>^2),
//   susceptibility         chi = beta V (<m^2> - <|m|>^2)  (fields: V (<m^2> - <|m|>^2)),
//   Binder cumulant        U = 1 - <m^4> / (3 <m^2>^2).
// Zero-momentum correlator along axis 0 (extent T, V_s = V / T sites per slice,
// Phi(t) = sum over slice t):  C(t) = (1/V) sum_t0 Phi(t0) Phi(t0 + t),
//   G_c(t) = <C(t)> - V_s <m>^2.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bbg {
namespace exact {

// Full set of spin observables (brute-force enumeration).
struct SpinExact {
  double log_z = 0;
  double energy = 0;         // <E> / V
  double specific_heat = 0;  // beta^2 V (<e^2> - <e>^2)
  double m = 0, abs_m = 0, m2 = 0, m4 = 0;
  double chi = 0;     // beta V (<m^2> - <|m|>^2)
  double binder = 0;  // 1 - <m^4> / (3 <m^2>^2)
  std::string method;
};

// Continuous fields (free field, phi^4 at kappa = 0); absent entries are unknown.
struct FieldExact {
  double log_z = 0;
  std::optional<double> m, m2, abs_m, m4, binder, chi, action_density;
  // Connected zero-momentum G_c(t), t = 0 .. T-1 (see above).
  std::vector<double> correlator;
  std::string method;
};

// 2D Ising on large lattices (Kaufman, transfer matrix); optional entries may be absent.
struct IsingExact {
  double log_z = 0;
  double energy = 0;         // <E> / V
  double specific_heat = 0;  // beta^2 V (<e^2> - <e>^2)
  std::optional<double> m2, abs_m, chi, binder;
  std::string method;
};

// Quantum double well as a periodic Euclidean lattice path integral.
struct DoubleWellExact {
  double log_z = 0;
  double x2 = 0;          // <x_0^2>
  double tunnelling = 0;  // probability that the path visits both signs of x
  int64_t grid_points = 0;
  double grid_half_width = 0;
  std::string method;
};

}  // namespace exact
}  // namespace bbg
