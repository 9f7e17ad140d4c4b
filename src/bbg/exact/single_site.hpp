// phi^4 at kappa = 0: independent sites with the single-site integral
//   z1(lambda) = int dphi exp(-a phi^2 - lambda phi^4),   a = 1 - 2 lambda,
// and the moments <phi^2>, <phi^4> of the normalised single-site weight.
//
// Closed form for lambda > 0, a > 0 (e.g. Gradshteyn & Ryzhik 3.323.3; DLMF 10.32.9), z = a^2/(8 lambda):
//   z1 = (1/2) sqrt(a/lambda) e^{z} K_{1/4}(z),
//   <phi^2> = -d ln z1/da = (a/(4 lambda)) (R - 1),   <phi^4> = -d ln z1/dlambda|_a = 1/(4 lambda) - (z/lambda)(R - 1),
//   R = K_{3/4}(z) / K_{1/4}(z)   (from K'_{1/4} = -K_{3/4} - K_{1/4}/(4z)),
// with K_nu(z) = int_0^inf exp(-z cosh t) cosh(nu t) dt (DLMF 10.32.9) evaluated scaled,
// e^z K_nu(z) = int_0^inf exp(-2 z sinh^2(t/2)) cosh(nu t) dt, by the trapezoidal rule, which
// converges geometrically for this entire, double-exponentially decaying integrand
// (Trefethen & Weideman, SIAM Rev. 56, 385 (2014)); R - 1 uses cosh(3t/4) - cosh(t/4) =
// 2 sinh(t/2) sinh(t/4) without cancellation.
// Fallback (a <= 0, or z outside [1e-6, 20]): adaptive Gauss–Kronrod quadrature of
// phi^n exp(-(S(phi) - S_min)) on the half line (n = 0, 2, 4), S_min = min S; lambda = 0 is Gaussian.
//
// Whole lattice (V sites, time extent T = shape[0]):
//   ln Z = V ln z1, <m> = 0, <m^2> = <phi^2>/V, <m^4> = (V <phi^4> + 3 V (V-1) <phi^2>^2) / V^4,
//   U = 1 - <m^4>/(3 <m^2>^2), <S>/V = a <phi^2> + lambda <phi^4>, G_c(t) = delta_{t,0} <phi^2>.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/exact/results.hpp"

namespace bbg {
namespace exact {

struct SingleSiteMoments {
  double log_z1 = 0, phi2 = 0, phi4 = 0;
  std::string method;
};

// lambda >= 0 (lambda < 0 throws std::invalid_argument: the integral diverges).
SingleSiteMoments single_site_moments(double lambda);
// The two evaluation routes, exposed for cross-checks.
SingleSiteMoments single_site_moments_bessel(double lambda);      // needs lambda > 0, a > 0
SingleSiteMoments single_site_moments_quadrature(double lambda);  // any lambda >= 0

// e^z K_nu(z) and K_nu(z) for z > 0 (relative accuracy ~1e-15).
double bessel_k_scaled(double nu, double z);
double bessel_k(double nu, double z);

// ln Z and the magnetisation moments of the phi^4 lattice at kappa = 0.
FieldExact phi4_kappa_zero(const std::vector<int64_t>& shape, double lambda);

}  // namespace exact
}  // namespace bbg
