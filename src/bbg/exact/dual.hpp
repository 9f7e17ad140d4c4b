// Second-order forward-mode dual numbers (internal): a value with its first and
// second derivative with respect to one scalar parameter, propagated by the chain rule
//   f(g) -> ( f(g), f'(g) g', f''(g) g'^2 + f'(g) g'' ).
// See e.g. Griewank & Walther, "Evaluating Derivatives", 2nd ed. (SIAM 2008), ch. 13.
#pragma once
#include <cmath>

namespace bbg {
namespace exact {
namespace detail {

struct Dual2 {
  double v = 0, d = 0, dd = 0;
  Dual2() = default;
  constexpr Dual2(double value, double first = 0, double second = 0) : v(value), d(first), dd(second) {}
  static Dual2 variable(double x) { return {x, 1.0, 0.0}; }
};

// Apply f with f' = f1, f'' = f2 at g.v.
inline Dual2 chain(const Dual2& g, double f, double f1, double f2) {
  return {f, f1 * g.d, f2 * g.d * g.d + f1 * g.dd};
}

inline Dual2 operator+(const Dual2& a, const Dual2& b) { return {a.v + b.v, a.d + b.d, a.dd + b.dd}; }
inline Dual2 operator-(const Dual2& a, const Dual2& b) { return {a.v - b.v, a.d - b.d, a.dd - b.dd}; }
inline Dual2 operator-(const Dual2& a) { return {-a.v, -a.d, -a.dd}; }
inline Dual2 operator*(const Dual2& a, const Dual2& b) {
  return {a.v * b.v, a.d * b.v + a.v * b.d, a.dd * b.v + 2.0 * a.d * b.d + a.v * b.dd};
}
inline Dual2 operator*(double s, const Dual2& a) { return {s * a.v, s * a.d, s * a.dd}; }
inline Dual2 operator*(const Dual2& a, double s) { return s * a; }
inline Dual2 operator+(const Dual2& a, double s) { return {a.v + s, a.d, a.dd}; }
inline Dual2 operator+(double s, const Dual2& a) { return a + s; }
inline Dual2 operator-(const Dual2& a, double s) { return {a.v - s, a.d, a.dd}; }
inline Dual2 operator-(double s, const Dual2& a) { return {s - a.v, -a.d, -a.dd}; }
inline Dual2 reciprocal(const Dual2& a) {
  const double r = 1.0 / a.v;
  return chain(a, r, -r * r, 2.0 * r * r * r);
}
inline Dual2 operator/(const Dual2& a, const Dual2& b) { return a * reciprocal(b); }
inline Dual2 operator/(const Dual2& a, double s) { return (1.0 / s) * a; }

inline Dual2 exp(const Dual2& a) {
  const double e = std::exp(a.v);
  return chain(a, e, e, e);
}
inline Dual2 expm1(const Dual2& a) {
  const double e = std::exp(a.v);
  return chain(a, std::expm1(a.v), e, e);
}
inline Dual2 log(const Dual2& a) { return chain(a, std::log(a.v), 1.0 / a.v, -1.0 / (a.v * a.v)); }
inline Dual2 log1p(const Dual2& a) {
  const double r = 1.0 / (1.0 + a.v);
  return chain(a, std::log1p(a.v), r, -r * r);
}
inline Dual2 sqrt(const Dual2& a) {
  const double s = std::sqrt(a.v);
  return chain(a, s, 0.5 / s, -0.25 / (s * a.v));
}
inline Dual2 sinh(const Dual2& a) { return chain(a, std::sinh(a.v), std::cosh(a.v), std::sinh(a.v)); }
inline Dual2 cosh(const Dual2& a) { return chain(a, std::cosh(a.v), std::sinh(a.v), std::cosh(a.v)); }
// |a| away from a.v = 0 (at 0 the derivative of the + branch is used).
inline Dual2 abs(const Dual2& a) { return a.v < 0 ? -a : a; }

}  // namespace detail
}  // namespace exact
}  // namespace bbg
