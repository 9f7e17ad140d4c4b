#include "bbg/exact/free_field.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace bbg {
namespace exact {

namespace {

// Open kappa interval with all a_k > 0 (same as bbg::free_field_kappa_range, kept local
// so that this folder builds on its own).
std::pair<double, double> allowed_kappa(const std::vector<int64_t>& shape) {
  double cmax = 0, cmin = 0;
  for (int64_t L : shape) {
    double lo = 1, hi = -1;
    for (int64_t k = 0; k < L; ++k) {
      const double c = std::cos(2.0 * M_PI * static_cast<double>(k) / static_cast<double>(L));
      lo = std::min(lo, c);
      hi = std::max(hi, c);
    }
    cmin += lo;
    cmax += hi;
  }
  const double inf = std::numeric_limits<double>::infinity();
  const double upper = cmax > 0 ? 1.0 / (2.0 * cmax) : inf;
  const double lower = cmin < 0 ? 1.0 / (2.0 * cmin) : -inf;
  return {lower, upper};
}

}  // namespace

FieldExact free_field(const std::vector<int64_t>& shape, double kappa) {
  if (shape.empty()) throw std::invalid_argument("free_field: empty shape");
  int64_t V = 1;
  for (int64_t L : shape) {
    if (L < 1) throw std::invalid_argument("free_field: extents must be >= 1");
    V *= L;
  }
  const int d = static_cast<int>(shape.size());
  // Cosine tables per axis.
  std::vector<std::vector<double>> cosines(d);
  for (int mu = 0; mu < d; ++mu) {
    cosines[mu].resize(shape[mu]);
    for (int64_t k = 0; k < shape[mu]; ++k)
      cosines[mu][k] = std::cos(2.0 * M_PI * static_cast<double>(k) / static_cast<double>(shape[mu]));
  }
  auto fail = [&](double a) {
    const auto range = allowed_kappa(shape);
    std::ostringstream msg;
    msg.precision(17);
    msg << "free_field: kappa = " << kappa << " gives a non-positive mode eigenvalue " << a
        << "; the free field needs kappa in the open interval (" << range.first << ", " << range.second << ")";
    throw std::invalid_argument(msg.str());
  };
  // Sum of ln a_k over all momenta (odometer over k).
  std::vector<int64_t> k(d, 0);
  double sum_log = 0;
  for (int64_t i = 0; i < V; ++i) {
    double c = 0;
    for (int mu = 0; mu < d; ++mu) c += cosines[mu][k[mu]];
    const double a = 2.0 * (1.0 - 2.0 * kappa * c);
    if (!(a > 0)) fail(a);
    sum_log += std::log(a);
    for (int mu = d - 1; mu >= 0; --mu) {
      if (++k[mu] < shape[mu]) break;
      k[mu] = 0;
    }
  }
  const double Vd = static_cast<double>(V);
  double cs = 0;  // sum of cosines at zero spatial momentum minus the time one
  for (int mu = 1; mu < d; ++mu) cs += 1.0;
  const double a0 = 2.0 * (1.0 - 2.0 * kappa * (cs + 1.0));

  FieldExact out;
  out.log_z = 0.5 * Vd * std::log(2.0 * M_PI) - 0.5 * sum_log;
  const double m2 = 1.0 / (Vd * a0);
  const double abs_m = std::sqrt(2.0 * m2 / M_PI);
  out.m = 0.0;
  out.m2 = m2;
  out.abs_m = abs_m;
  out.m4 = 3.0 * m2 * m2;
  out.binder = 0.0;
  out.chi = Vd * (m2 - abs_m * abs_m);
  out.action_density = 0.5;
  const int64_t T = shape[0];
  out.correlator.assign(T, 0.0);
  for (int64_t t = 0; t < T; ++t) {
    double g = 0;
    for (int64_t kt = 0; kt < T; ++kt) {
      const double a = 2.0 * (1.0 - 2.0 * kappa * (cs + cosines[0][kt]));
      g += std::cos(2.0 * M_PI * static_cast<double>((kt * t) % T) / static_cast<double>(T)) / a;
    }
    out.correlator[t] = g / static_cast<double>(T);
  }
  out.method = "free field: Gaussian integral in momentum space";
  return out;
}

}  // namespace exact
}  // namespace bbg
