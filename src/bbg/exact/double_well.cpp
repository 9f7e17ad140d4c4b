#include "bbg/exact/double_well.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "bbg/exact/quadrature.hpp"

namespace bbg {
namespace exact {

namespace {

struct Problem {
  int64_t N;
  double beta, mass, lambda, eta, a;
  double potential(double x) const {
    const double u = x * x - eta * eta;
    return lambda * u * u;
  }
};

struct Grid {
  std::vector<double> x, w;  // positive half: n/2 nodes on [0, X]
};

Grid make_grid(int64_t n, double X) {
  std::vector<double> xi, wi;
  detail::gauss_legendre(static_cast<int>(n / 2), xi, wi);
  Grid g;
  g.x.resize(xi.size());
  g.w.resize(xi.size());
  for (size_t j = 0; j < xi.size(); ++j) {
    g.x[j] = 0.5 * X * (1.0 + xi[j]);
    g.w[j] = 0.5 * X * wi[j];
  }
  return g;
}

double kernel(const Problem& p, double x, double y) {
  const double d = x - y;
  return std::exp(-0.5 * p.a * (p.potential(x) + p.potential(y)) - p.mass * d * d / (2.0 * p.a));
}

// Half width from the potential (beta V(X) = c) and WKB (2 sqrt(2 m lambda) (X-eta)^2 (X+2eta)/3 = c).
double heuristic_half_width(const Problem& p) {
  const double c = 40.0, eta = std::abs(p.eta);
  const double x_pot = std::sqrt(eta * eta + std::sqrt(c / (p.beta * p.lambda)));
  const double coef = 2.0 * std::sqrt(2.0 * p.mass * p.lambda) / 3.0;
  auto wkb = [&](double X) { return coef * (X - eta) * (X - eta) * (X + 2.0 * eta); };
  double hi = eta + 1.0;
  while (wkb(hi) < c) hi = eta + 2.0 * (hi - eta);
  double lo = eta;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (wkb(mid) < c ? lo : hi) = mid;
  }
  return std::max(x_pot, hi);
}

// ln (K^N)_jj at the outermost node j, by binary powering of the full (entrywise positive)
// symmetrised kernel: sums of positive terms only, so no cancellation, with a running log scale.
double log_diag_power_at_edge(const Problem& p, const Grid& g) {
  const int64_t h = static_cast<int64_t>(g.x.size()), n = 2 * h;
  std::vector<double> xs(n), ws(n);
  for (int64_t j = 0; j < h; ++j) {
    xs[h + j] = g.x[j];
    ws[h + j] = g.w[j];
    xs[h - 1 - j] = -g.x[j];
    ws[h - 1 - j] = g.w[j];
  }
  std::vector<double> base(n * n);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) base[i * n + j] = std::sqrt(ws[i] * ws[j]) * kernel(p, xs[i], xs[j]);
  auto multiply = [n](const std::vector<double>& A, const std::vector<double>& B) {
    std::vector<double> C(n * n, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t k = 0; k < n; ++k) {
        const double a = A[i * n + k];
        if (a == 0.0) continue;
        for (int64_t j = 0; j < n; ++j) C[i * n + j] += a * B[k * n + j];
      }
    return C;
  };
  auto normalise = [](std::vector<double>& A) {
    const double mx = *std::max_element(A.begin(), A.end());
    for (double& v : A) v /= mx;
    return std::log(mx);
  };
  double log_base = normalise(base), log_result = 0.0;
  std::vector<double> result;  // empty = identity
  for (int64_t e = p.N;;) {
    if (e & 1) {
      result = result.empty() ? base : multiply(result, base);
      log_result += log_base + normalise(result);
    }
    e >>= 1;
    if (!e) break;
    base = multiply(base, base);
    log_base = 2.0 * log_base + normalise(base);
  }
  const double d = result[(n - 1) * n + (n - 1)];
  return d > 0 ? log_result + std::log(d) : -INFINITY;
}

struct Solution {
  double log_z, x2, tunnelling;
};

at::Tensor half_matrix(const Problem& p, const Grid& g, int parity) {
  // parity 0: K_{++}, +1: K_e = K_{++} + K_{+-}, -1: K_o = K_{++} - K_{+-}
  const int64_t h = static_cast<int64_t>(g.x.size());
  std::vector<double> m(h * h);
  for (int64_t i = 0; i < h; ++i)
    for (int64_t j = 0; j < h; ++j) {
      const double kpp = std::sqrt(g.w[i] * g.w[j]) * kernel(p, g.x[i], g.x[j]);
      // K_{+-} / K_{++} = exp(-2 mass x_i x_j / a)
      const double r = -2.0 * p.mass * g.x[i] * g.x[j] / p.a;
      double v = kpp;
      if (parity == 1) v = kpp * (1.0 + std::exp(r));
      if (parity == -1) v = kpp * (-std::expm1(r));
      m[i * h + j] = v;
    }
  return at::from_blob(m.data(), {h, h}, at::TensorOptions().dtype(at::kDouble)).clone();
}

Solution solve(const Problem& p, const Grid& g) {
  const int64_t h = static_cast<int64_t>(g.x.size());
  std::vector<double> x2v(h);
  for (int64_t j = 0; j < h; ++j) x2v[j] = g.x[j] * g.x[j];
  at::Tensor X2 = at::from_blob(x2v.data(), {h, 1}, at::TensorOptions().dtype(at::kDouble)).clone();

  struct Spectrum {
    std::vector<double> lam, x2diag;
  };
  auto spectrum = [&](int parity) {
    auto eig = at::linalg_eigh(half_matrix(p, g, parity));
    at::Tensor lam = std::get<0>(eig).contiguous(), U = std::get<1>(eig);
    at::Tensor xd = (U * U * X2).sum(0).contiguous();  // (U^T X^2 U)_kk
    Spectrum s;
    s.lam.assign(lam.data_ptr<double>(), lam.data_ptr<double>() + h);
    s.x2diag.assign(xd.data_ptr<double>(), xd.data_ptr<double>() + h);
    return s;
  };
  const Spectrum even = spectrum(1), odd = spectrum(-1), pp = spectrum(0);
  double lam0 = 0;
  for (double l : even.lam) lam0 = std::max(lam0, std::abs(l));
  for (double l : odd.lam) lam0 = std::max(lam0, std::abs(l));
  for (double l : pp.lam) lam0 = std::max(lam0, std::abs(l));
  const double Nd = static_cast<double>(p.N);
  double z = 0, zx = 0, zp = 0;
  for (const Spectrum* s : {&even, &odd})
    for (int64_t k = 0; k < h; ++k) {
      const double w = std::pow(s->lam[k] / lam0, Nd);
      z += w;
      zx += s->x2diag[k] * w;
    }
  for (int64_t k = 0; k < h; ++k) zp += std::pow(pp.lam[k] / lam0, Nd);
  Solution sol;
  sol.log_z = Nd * std::log(lam0) + std::log(z);
  sol.x2 = zx / z;
  sol.tunnelling = 1.0 - 2.0 * zp / z;
  return sol;
}

// Enlarge X until the x_0 marginal at the edge node is negligible; returns the final X.
double settle_half_width(const Problem& p, double X, int64_t n_check) {
  for (int it = 0; it < 40; ++it) {
    const Grid g = make_grid(n_check, X);
    const Solution s = solve(p, g);
    const double w_edge = g.w.back();
    const double log_rho = log_diag_power_at_edge(p, g) - std::log(w_edge) - s.log_z;
    const double log_tail = log_rho + std::log(2.0 * X * std::max(1.0, X * X));
    if (log_tail < std::log(1e-16)) return X;
    X *= 1.25;
  }
  throw std::runtime_error("double_well_transfer_matrix: could not find a grid half width");
}

}  // namespace

DoubleWellExact double_well_transfer_matrix(int64_t N, double beta, double mass, double lambda, double eta,
                                            int64_t grid_points) {
  if (N < 1) throw std::invalid_argument("double_well_transfer_matrix: N (time slices) must be >= 1");
  if (!(beta > 0) || !std::isfinite(beta)) throw std::invalid_argument("double_well_transfer_matrix: beta must be > 0");
  if (!(mass > 0) || !std::isfinite(mass)) throw std::invalid_argument("double_well_transfer_matrix: mass must be > 0");
  if (!(lambda > 0) || !std::isfinite(lambda))
    throw std::invalid_argument("double_well_transfer_matrix: lambda must be > 0 (the path integral diverges otherwise)");
  if (!std::isfinite(eta)) throw std::invalid_argument("double_well_transfer_matrix: eta must be finite");
  if (grid_points < 0 || grid_points % 2 != 0)
    throw std::invalid_argument("double_well_transfer_matrix: grid_points must be 0 (automatic) or even and >= 2");

  const Problem p{N, beta, mass, lambda, eta, beta / static_cast<double>(N)};
  const int64_t n_start = grid_points > 0 ? grid_points : 200;
  const double X = settle_half_width(p, heuristic_half_width(p), std::min<int64_t>(n_start, 200));

  DoubleWellExact out;
  out.grid_half_width = X;
  std::ostringstream method;
  method << "transfer matrix: Nystrom on Gauss-Legendre nodes in [-X, X], X = " << X
         << ", parity-split eigendecomposition";
  if (grid_points > 0) {
    const Solution s = solve(p, make_grid(grid_points, X));
    out.log_z = s.log_z;
    out.x2 = s.x2;
    out.tunnelling = s.tunnelling;
    out.grid_points = grid_points;
    method << ", " << grid_points << " nodes (fixed)";
    out.method = method.str();
    return out;
  }
  const int64_t cap = 6400;
  std::optional<Solution> prev;
  int64_t n = n_start;
  double last_change = INFINITY;
  for (;;) {
    const Solution s = solve(p, make_grid(n, X));
    if (prev) {
      const double dz = std::abs(s.log_z - prev->log_z) / std::max(1.0, std::abs(s.log_z));
      const double dx = std::abs(s.x2 - prev->x2) / std::abs(s.x2);
      const double dt = std::abs(s.tunnelling - prev->tunnelling) / std::max(std::abs(s.tunnelling), 1e-3);
      last_change = std::max({dz, dx, dt});
    }
    out.log_z = s.log_z;
    out.x2 = s.x2;
    out.tunnelling = s.tunnelling;
    out.grid_points = n;
    if (last_change < 1e-10) {
      method << ", " << n << " nodes (converged to " << last_change << " against " << n / 2 << ")";
      break;
    }
    if (2 * n > cap) {
      method << ", " << n << " nodes (NOT converged: last relative change " << last_change << ")";
      break;
    }
    prev = s;
    n *= 2;
  }
  out.method = method.str();
  return out;
}

}  // namespace exact
}  // namespace bbg
