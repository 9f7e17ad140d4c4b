#include "bbg/exact/kaufman.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <string>

#include "bbg/exact/dual.hpp"
#include "bbg/exact/quadrature.hpp"

namespace bbg {
namespace exact {

using detail::Dual2;

namespace {

// ln(1 - e^{-z}) for z > 0, accurate for all z (M. Mächler, "Accurately computing
// log(1 - exp(-|a|))", Rmpfr vignette, 2012).
Dual2 log1mexp(const Dual2& z) {
  return z.v < std::log(2.0) ? detail::log(-detail::expm1(-z)) : detail::log1p(-detail::exp(-z));
}

}  // namespace

IsingExact kaufman_ising_2d(int64_t L, int64_t M, double beta, double J) {
  if (J < 0) throw std::invalid_argument("kaufman_ising_2d: J = " + std::to_string(J) + " < 0 is not supported (J >= 0)");
  if (beta < 0 || !std::isfinite(beta)) throw std::invalid_argument("kaufman_ising_2d: beta must be finite and >= 0");
  if (L < 2 || M < 2) throw std::invalid_argument("kaufman_ising_2d: both extents must be >= 2");
  const double V = static_cast<double>(L) * static_cast<double>(M);
  IsingExact out;
  out.method = "Kaufman finite-lattice formula (" + std::to_string(L) + "x" + std::to_string(M) +
               ", periodic), derivatives by forward-mode dual numbers";
  const double K0 = beta * J;
  if (K0 == 0.0) {  // independent spins
    out.log_z = V * std::log(2.0);
    out.energy = 0.0;
    out.specific_heat = 0.0;
    return out;
  }
  const Dual2 K = Dual2::variable(K0);
  const double n = static_cast<double>(L), m = static_cast<double>(M);

  // ln Z = ln(1/2) + (V/2) ln(2 sinh 2K) + ln sum_i Z_i. Every factor of every Z_i carries
  // e^{M gamma_k / 2}; we write gamma_k = G + eps_k with a k-independent G and move the common
  // e^{V G / 2} into the prefactor, computing eps_k with full relative accuracy:
  //   low temperature  (K >= 0.9 K_c): G = 2K, prefactor 2 V K + (V/2) ln(1 - e^{-4K}),
  //     eps_k = ln(q + r) = O(e^{-2K}), q = e^{-2K} cosh gamma_k, r = e^{-2K} sinh gamma_k,
  //     q - 1/2 = p = (3x^2 + x^4) / (2 (1 - x^2)) - x cos(theta_k), x = e^{-2K},
  //     r = x sqrt(u (u + 2)),  q + r - 1 = p + (p (p + 1) - x^2) / (r + 1/2);
  //   high temperature (K < 0.9 K_c): G = ln(2 c0), c0 = cosh 2K coth 2K, prefactor V ln(2 cosh 2K),
  //     eps_k = ln((w + y sqrt(u (u + 2))) / 2) = O(K), y = 1/c0, w = 1 - y cos(theta_k),
  //     e^{eps} - 1 = [-y cos + (-y cos (2 - y cos) - y^2) / (y sqrt(u (u + 2)) + 1)] / 2;
  //   u = cosh gamma_k - 1 = (sinh 2K - 1)^2 / sinh 2K + 2 sin^2(theta_k / 2) in both.
  // The large parts of the beta derivatives then cancel analytically instead of numerically.
  const bool low_t = K0 >= 0.9 * ising_2d_beta_c;
  const Dual2 x = detail::exp(-2.0 * K);  // e^{-2K}
  const Dual2 x2 = x * x;
  const Dual2 one_minus_x2 = -detail::expm1(-4.0 * K);
  const Dual2 s = detail::sinh(2.0 * K), c2 = detail::cosh(2.0 * K);
  const Dual2 base = (s - 1.0) * (s - 1.0) / s;  // cosh2K coth2K - 2 >= 0
  const Dual2 y = s / (c2 * c2);                 // 1 / (cosh 2K coth 2K)
  const Dual2 G = low_t ? 2.0 * K : detail::log(2.0 * c2 * c2 / s);
  const Dual2 prefactor =
      low_t ? (2.0 * V) * K + (0.5 * V) * log1mexp(4.0 * K) : V * (2.0 * K + detail::log1p(detail::exp(-4.0 * K)));
  auto eps = [&](int64_t k) -> Dual2 {
    const double theta = M_PI * static_cast<double>(k) / n;
    const double sn = std::sin(0.5 * theta), cs = std::cos(theta);
    const Dual2 u = base + 2.0 * sn * sn;
    const Dual2 root = detail::sqrt(u * (u + 2.0));
    if (low_t) {
      const Dual2 r = x * root;
      const Dual2 p = (3.0 * x2 + x2 * x2) / (2.0 * one_minus_x2) - cs * x;
      return detail::log1p(p + (p * (p + 1.0) - x2) / (r + 0.5));
    }
    const Dual2 yc = cs * y;
    return detail::log1p(0.5 * (-yc + (-(yc * (2.0 - yc)) - y * y) / (y * root + 1.0)));
  };
  // gamma_0 = 2K + ln tanh K (signed); x0 = M gamma_0 / 2; shifted = |x0| - M G / 2.
  const Dual2 ln_tanh = log1mexp(2.0 * K) - detail::log1p(x);
  const Dual2 gamma0 = 2.0 * K + ln_tanh;
  const Dual2 x0 = (0.5 * m) * gamma0;
  Dual2 shifted;
  if (low_t) {
    shifted = x0.v >= 0 ? (0.5 * m) * ln_tanh : -(0.5 * m) * ln_tanh - (2.0 * m) * K;
  } else {
    // gamma_0 + G = 2K + ln(cosh 2K) + ln(1 + tanh^2 K)   (tanh K coth 2K = (1 + tanh^2 K)/2)
    const Dual2 t = (1.0 - x) / (1.0 + x);
    shifted = x0.v < 0 ? -(0.5 * m) * (2.0 * K + detail::log(c2) + detail::log1p(t * t))
                       : (0.5 * m) * (gamma0 - G);
  }

  // Term i = exp(Lg[i]) * P[i] (times the common e^{V G / 2}); P carries the possibly vanishing
  // or negative gamma_0 factor of Z_4.
  std::array<Dual2, 4> Lg{Dual2(0.0), Dual2(0.0), Dual2(0.0), Dual2(0.0)};
  std::array<Dual2, 4> P{Dual2(1.0), Dual2(1.0), Dual2(1.0), Dual2(1.0)};
  // 2 cosh(M gamma/2) = e^{M G/2} e^{M eps/2} (1 + e^{-M gamma}), the same with - for 2 sinh.
  auto add_pair = [&](int i, int64_t k) {
    const Dual2 e = eps(k);
    const Dual2 mg = m * (G + e);
    const Dual2 common = (0.5 * m) * e;
    Lg[i] = Lg[i] + common + detail::log1p(detail::exp(-mg));
    Lg[i + 1] = Lg[i + 1] + common + log1mexp(mg);
  };
  for (int64_t r = 0; r < L; ++r) {
    add_pair(0, 2 * r + 1);
    if (r == 0) {
      const Dual2 ax = detail::abs(x0);
      Lg[2] = Lg[2] + shifted + detail::log1p(detail::exp(-2.0 * ax));
      // 2 sinh(x0) = e^{|x0|} sgn(x0) (1 - e^{-2|x0|}), smooth through x0 = 0
      Lg[3] = Lg[3] + shifted;
      P[3] = x0.v >= 0 ? -detail::expm1(-2.0 * x0) : detail::expm1(2.0 * x0);
    } else {
      add_pair(2, 2 * r);
    }
  }
  // Signed log-sum-exp of the four terms t_i = exp(Lg_i) P_i with exact derivatives. The second
  // derivative is formed in centred form, (ln S)'' = sum_i (t_i'' - 2 mu t_i' + mu^2 t_i) / S with
  // mu = S'/S, so that the O(V^2) squares of the first derivatives cancel analytically.
  double lmax = -std::numeric_limits<double>::infinity();
  for (const auto& l : Lg) lmax = std::max(lmax, l.v);
  double S = 0, S1 = 0;
  std::array<double, 4> e{};
  for (int i = 0; i < 4; ++i) {
    e[i] = std::exp(Lg[i].v - lmax);
    S += e[i] * P[i].v;
    S1 += e[i] * (Lg[i].d * P[i].v + P[i].d);
  }
  if (!(S > 0)) throw std::runtime_error("kaufman_ising_2d: non-positive partition sum (numerical failure)");
  const double mu = S1 / S;
  double S2c = 0;
  for (int i = 0; i < 4; ++i) {
    const double dl = Lg[i].d - mu;
    S2c += e[i] * (P[i].v * (Lg[i].dd + dl * dl) + 2.0 * P[i].d * dl + P[i].dd);
  }
  const Dual2 log_z(prefactor.v + lmax - std::log(2.0) + std::log(S), prefactor.d + mu, prefactor.dd + S2c / S);

  out.log_z = log_z.v;
  out.energy = -J * log_z.d / V;                   // -(1/V) d lnZ / d beta
  out.specific_heat = K0 * K0 * log_z.dd / V;      // beta^2 J^2 d^2 lnZ/dK^2 / V
  return out;
}

double onsager_ising_2d_log_z_per_site(double beta, double J) {
  const double K = beta * J;
  if (!std::isfinite(K)) throw std::invalid_argument("onsager_ising_2d_log_z_per_site: beta J must be finite");
  const double aK = std::abs(K);  // Z is even in J on the square lattice (bipartite)
  if (aK == 0.0) return std::log(2.0);
  const double s = std::sinh(2.0 * aK), c = std::cosh(2.0 * aK);
  const double k = 2.0 * s / (c * c);
  const double one_minus_k = (s - 1.0) * (s - 1.0) / (c * c);
  auto integrand = [&](double t) {
    const double h = std::sin(0.25 * M_PI - 0.5 * t);
    const double one_minus_ks = one_minus_k + k * 2.0 * h * h;  // 1 - k sin t
    const double rad = one_minus_ks * (1.0 + k * std::sin(t));   // 1 - k^2 sin^2 t
    return std::log(0.5 * (1.0 + std::sqrt(rad)));
  };
  const auto q = detail::integrate(integrand, 0.0, 0.5 * M_PI, 1e-15, 1e-16, 5000);
  const double log_2cosh = 2.0 * aK + std::log1p(std::exp(-4.0 * aK));
  return log_2cosh + q.value / M_PI;
}

}  // namespace exact
}  // namespace bbg
