#include "bbg/exact/single_site.hpp"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "bbg/exact/quadrature.hpp"

namespace bbg {
namespace exact {

namespace {

// int_0^inf exp(-2 z sinh^2(t/2)) g(t) dt by the trapezoidal rule, step halved until the
// relative change is below 1e-15. g grows at most like cosh(t).
double scaled_bessel_integral(double z, double nu_max, const std::function<double(double)>& g) {
  auto f = [&](double t) {
    const double sh = std::sinh(0.5 * t);
    return std::exp(-2.0 * z * sh * sh) * g(t);
  };
  auto trapezoid = [&](double h) {
    double sum = 0.5 * f(0.0);
    for (int64_t j = 1;; ++j) {
      const double t = h * static_cast<double>(j);
      const double v = f(t);
      sum += v;
      // past the maximum of the integrand and negligible
      if (z * std::sinh(t) > nu_max + 1.0 && std::abs(v) <= 1e-18 * std::abs(sum)) break;
      if (j > 10000000) throw std::runtime_error("bessel integral: no convergence");
    }
    return h * sum;
  };
  double h = 0.25, prev = trapezoid(h);
  for (int it = 0; it < 12; ++it) {
    h *= 0.5;
    const double cur = trapezoid(h);
    if (std::abs(cur - prev) <= 1e-15 * std::abs(cur)) return cur;
    prev = cur;
  }
  return prev;
}

}  // namespace

double bessel_k_scaled(double nu, double z) {
  if (!(z > 0) || !std::isfinite(z)) throw std::invalid_argument("bessel_k_scaled: z must be finite and > 0");
  const double anu = std::abs(nu);
  return scaled_bessel_integral(z, anu, [anu](double t) { return std::cosh(anu * t); });
}

double bessel_k(double nu, double z) { return std::exp(-z) * bessel_k_scaled(nu, z); }

SingleSiteMoments single_site_moments_bessel(double lambda) {
  const double a = 1.0 - 2.0 * lambda;
  if (!(lambda > 0) || !(a > 0))
    throw std::invalid_argument("single_site_moments_bessel: needs lambda > 0 and 1 - 2 lambda > 0");
  const double z = a * a / (8.0 * lambda);
  const double k14 = scaled_bessel_integral(z, 0.25, [](double t) { return std::cosh(0.25 * t); });
  const double kdiff =
      scaled_bessel_integral(z, 0.75, [](double t) { return 2.0 * std::sinh(0.5 * t) * std::sinh(0.25 * t); });
  const double r1 = kdiff / k14;  // R - 1
  SingleSiteMoments s;
  s.log_z1 = 0.5 * std::log(a / lambda) - std::log(2.0) + std::log(k14);
  s.phi2 = a / (4.0 * lambda) * r1;
  s.phi4 = 1.0 / (4.0 * lambda) - z / lambda * r1;
  s.method = "closed form (1/2) sqrt(a/lambda) e^z K_1/4(z), z = a^2/(8 lambda)";
  return s;
}

SingleSiteMoments single_site_moments_quadrature(double lambda) {
  if (!(lambda >= 0) || !std::isfinite(lambda))
    throw std::invalid_argument("single_site_moments: lambda must be finite and >= 0");
  const double a = 1.0 - 2.0 * lambda;
  SingleSiteMoments s;
  if (lambda == 0.0) {  // Gaussian exp(-phi^2)
    s.log_z1 = 0.5 * std::log(M_PI);
    s.phi2 = 0.5;
    s.phi4 = 0.75;
    s.method = "Gaussian (lambda = 0)";
    return s;
  }
  // S(phi) = a phi^2 + lambda phi^4, shifted by its minimum.
  const double s_min = a >= 0 ? 0.0 : -a * a / (4.0 * lambda);
  const double phi_min = a >= 0 ? 0.0 : std::sqrt(-a / (2.0 * lambda));
  const double cut = 90.0;  // e^{-90}: far below double precision relative to the peak
  const double X = 1.1 * std::sqrt((-a + std::sqrt(a * a + 4.0 * lambda * (s_min + cut))) / (2.0 * lambda));
  auto weight = [&](double x) {
    const double x2 = x * x;
    return std::exp(-(a * x2 + lambda * x2 * x2 - s_min));
  };
  // Split at the maximum so that the peak lies on an interval boundary.
  auto half_line = [&](const std::function<double(double)>& f) {
    double v = 0;
    if (phi_min > 0) v += detail::integrate(f, 0.0, phi_min, 1e-15, 0.0, 5000).value;
    v += detail::integrate(f, phi_min, X, 1e-15, 0.0, 5000).value;
    return v;
  };
  const double i0 = half_line(weight);
  const double i2 = half_line([&](double x) { return x * x * weight(x); });
  const double i4 = half_line([&](double x) { return x * x * x * x * weight(x); });
  s.log_z1 = -s_min + std::log(2.0 * i0);
  s.phi2 = i2 / i0;
  s.phi4 = i4 / i0;
  s.method = "adaptive Gauss-Kronrod quadrature of the single-site integral";
  return s;
}

SingleSiteMoments single_site_moments(double lambda) {
  if (!(lambda >= 0) || !std::isfinite(lambda))
    throw std::invalid_argument("single_site_moments: lambda must be finite and >= 0 (got " +
                                std::to_string(lambda) + ")");
  const double a = 1.0 - 2.0 * lambda;
  if (lambda > 0 && a > 0) {
    const double z = a * a / (8.0 * lambda);
    if (z >= 1e-6 && z <= 20.0) return single_site_moments_bessel(lambda);
  }
  return single_site_moments_quadrature(lambda);
}

FieldExact phi4_kappa_zero(const std::vector<int64_t>& shape, double lambda) {
  if (shape.empty()) throw std::invalid_argument("phi4_kappa_zero: empty shape");
  int64_t V = 1;
  for (int64_t L : shape) {
    if (L < 1) throw std::invalid_argument("phi4_kappa_zero: extents must be >= 1");
    V *= L;
  }
  const SingleSiteMoments s = single_site_moments(lambda);
  const double Vd = static_cast<double>(V);
  FieldExact out;
  out.log_z = Vd * s.log_z1;
  out.m = 0.0;
  const double m2 = s.phi2 / Vd;
  const double m4 = (Vd * s.phi4 + 3.0 * Vd * (Vd - 1.0) * s.phi2 * s.phi2) / (Vd * Vd * Vd * Vd);
  out.m2 = m2;
  out.m4 = m4;
  out.binder = 1.0 - m4 / (3.0 * m2 * m2);
  out.action_density = (1.0 - 2.0 * lambda) * s.phi2 + lambda * s.phi4;
  out.correlator.assign(shape[0], 0.0);
  out.correlator[0] = s.phi2;
  out.method = "kappa = 0: independent sites, " + s.method;
  return out;
}

}  // namespace exact
}  // namespace bbg
