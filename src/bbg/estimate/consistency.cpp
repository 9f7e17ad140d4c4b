#include "bbg/estimate/consistency.hpp"

#include <cmath>

namespace bbg {

namespace {

// P(a, x) by its power series: e^{-x} x^a / Gamma(a + 1) sum_n x^n / ((a + 1) ... (a + n)).
double gamma_p_series(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 100000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::abs(term) < std::abs(sum) * 1e-16) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Q(a, x) by the continued fraction of Gamma(a, x), evaluated with the modified Lentz method.
double gamma_q_fraction(double a, double x) {
  constexpr double tiny = 1e-300;
  double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < 1e-16) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double regularized_gamma_q(double a, double x) {
  if (!(a > 0.0) || !(x >= 0.0) || !std::isfinite(a)) return std::nan("");
  if (x == 0.0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return x < a + 1.0 ? 1.0 - gamma_p_series(a, x) : gamma_q_fraction(a, x);
}

ConsistencyResult consistency(const std::vector<double>& values, const std::vector<double>& errors,
                              std::optional<double> known_value) {
  ConsistencyResult r;
  double sw = 0.0, swv = 0.0;
  std::vector<std::pair<double, double>> used;
  for (size_t k = 0; k < values.size() && k < errors.size(); ++k) {
    if (!std::isfinite(values[k]) || !std::isfinite(errors[k]) || !(errors[k] > 0.0)) {
      ++r.skipped;
      continue;
    }
    used.emplace_back(values[k], errors[k]);
    sw += 1.0 / (errors[k] * errors[k]);
    swv += values[k] / (errors[k] * errors[k]);
  }
  r.skipped += static_cast<int64_t>(values.size() > errors.size() ? values.size() - errors.size() : 0);
  r.used = static_cast<int64_t>(used.size());
  const int64_t needed = known_value ? 1 : 2;
  if (r.used < needed) return r;
  r.mean = known_value ? *known_value : swv / sw;
  r.mean_error = known_value ? 0.0 : 1.0 / std::sqrt(sw);
  r.chi2 = 0.0;
  for (const auto& [v, e] : used) r.chi2 += (v - r.mean) * (v - r.mean) / (e * e);
  r.dof = known_value ? r.used : r.used - 1;
  r.p_value = regularized_gamma_q(0.5 * static_cast<double>(r.dof), 0.5 * r.chi2);
  return r;
}

}  // namespace bbg
