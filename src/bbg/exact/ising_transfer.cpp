#include "bbg/exact/ising_transfer.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace bbg {
namespace exact {

namespace {

// g_n(a, b) = sum_{j=0}^{n} a^j b^{n-j}, stable for a close to b.
double geometric_sum(double a, double b, int64_t n) {
  if (n == 0) return 1.0;
  const double nd = static_cast<double>(n);
  if (a == b) return (nd + 1.0) * std::pow(a, nd);
  if (std::abs(a) > std::abs(b)) std::swap(a, b);  // |b| >= |a|, b != 0
  const double delta = (a - b) / b;
  if (std::abs(delta) < 0.5) return std::pow(b, nd) * std::expm1((nd + 1.0) * std::log1p(delta)) / delta;
  return (std::pow(a, nd + 1.0) - std::pow(b, nd + 1.0)) / (a - b);
}

at::Tensor to_tensor(std::vector<double>& data, int64_t n) {
  return at::from_blob(data.data(), {n, n}, at::TensorOptions().dtype(at::kDouble)).clone();
}

}  // namespace

IsingExact ising_transfer_matrix_2d(int64_t L0, int64_t L1, double beta, double J, double h) {
  if (L0 < 1 || L1 < 1) throw std::invalid_argument("ising_transfer_matrix_2d: extents must be >= 1");
  const int64_t w = std::min(L0, L1), L = std::max(L0, L1);
  if (w > 10)
    throw std::invalid_argument("ising_transfer_matrix_2d: the smaller extent must be <= 10 (got " +
                                std::to_string(w) + ")");
  if (!std::isfinite(beta) || !std::isfinite(J) || !std::isfinite(h))
    throw std::invalid_argument("ising_transfer_matrix_2d: beta, J, h must be finite");
  const int64_t n = int64_t{1} << w;

  // Per-state row terms.
  std::vector<double> row(n), mag(n);
  std::vector<std::vector<int>> spin(n, std::vector<int>(w));
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t i = 0; i < w; ++i) spin[s][i] = ((s >> i) & 1) ? 1 : -1;
    int bonds = 0, m = 0;
    for (int64_t i = 0; i < w; ++i) {
      bonds += spin[s][i] * spin[s][(i + 1) % w];
      m += spin[s][i];
    }
    row[s] = J * bonds + h * m;
    mag[s] = m;
  }
  // e(s, s') = -(energy of the row pair term); T = exp(beta e).
  std::vector<double> e(n * n);
  double emax = -INFINITY;
  for (int64_t a = 0; a < n; ++a)
    for (int64_t b = 0; b < n; ++b) {
      int overlap = 0;
      for (int64_t i = 0; i < w; ++i) overlap += spin[a][i] * spin[b][i];
      const double v = 0.5 * row[a] + 0.5 * row[b] + J * overlap;
      e[a * n + b] = v;
      emax = std::max(emax, v);
    }
  std::vector<double> t(n * n), t1(n * n), t2(n * n);
  for (int64_t i = 0; i < n * n; ++i) {
    const double de = e[i] - emax;  // <= 0
    t[i] = std::exp(beta * de);
    t1[i] = de * t[i];
    t2[i] = de * de * t[i];
  }
  at::Tensor T = to_tensor(t, n), T1 = to_tensor(t1, n), T2 = to_tensor(t2, n);
  std::vector<double> dm(mag);
  at::Tensor D = at::from_blob(dm.data(), {n}, at::TensorOptions().dtype(at::kDouble)).clone();

  auto eig = at::linalg_eigh(T);
  at::Tensor lam = std::get<0>(eig).contiguous(), U = std::get<1>(eig).contiguous();
  const double* lp = lam.data_ptr<double>();
  double lam0 = 0;
  for (int64_t k = 0; k < n; ++k) lam0 = std::max(lam0, std::abs(lp[k]));
  std::vector<double> mu(n);
  for (int64_t k = 0; k < n; ++k) mu[k] = lp[k] / lam0;

  at::Tensor Ut = U.t();
  at::Tensor A = at::matmul(Ut, at::matmul(T1, U)).contiguous() / lam0;
  at::Tensor B = at::matmul(Ut, at::matmul(T2, U)).contiguous() / lam0;
  at::Tensor P = at::matmul(Ut, D.unsqueeze(1) * U).contiguous();
  at::Tensor P2diag = (U * U * (D * D).unsqueeze(1)).sum(0).contiguous();  // (U^T D^2 U)_kk
  const double *ap = A.data_ptr<double>(), *bp = B.data_ptr<double>(), *pp = P.data_ptr<double>(),
               *p2 = P2diag.data_ptr<double>();

  const double Ld = static_cast<double>(L);
  double z = 0, z1 = 0, z2 = 0, mm0 = 0, mmr = 0;
  for (int64_t k = 0; k < n; ++k) {
    const double pl = std::pow(mu[k], Ld), pl1 = std::pow(mu[k], Ld - 1.0);
    z += pl;
    z1 += Ld * ap[k * n + k] * pl1;
    z2 += Ld * bp[k * n + k] * pl1;
    mm0 += p2[k] * pl;
  }
  if (L >= 2) {
    for (int64_t k = 0; k < n; ++k)
      for (int64_t l = 0; l < n; ++l) {
        const double g = geometric_sum(mu[k], mu[l], L - 2);
        const double a = ap[k * n + l], p = pp[k * n + l];
        z2 += Ld * a * a * g;
        mmr += p * p * mu[k] * mu[l] * g;
      }
  }
  const double V = static_cast<double>(L0) * static_cast<double>(L1);
  const double dlogz = Ld * emax + z1 / z;        // d ln Z / d beta
  const double d2logz = z2 / z - (z1 / z) * (z1 / z);  // d^2 ln Z / d beta^2

  IsingExact out;
  out.log_z = Ld * (beta * emax + std::log(lam0)) + std::log(z);
  out.energy = -dlogz / V;
  out.specific_heat = beta * beta * d2logz / V;
  out.m2 = (mm0 + mmr) / z / (static_cast<double>(w) * V);
  out.method = "row transfer matrix (2^" + std::to_string(w) + " states, " + std::to_string(L) +
               " rows), eigendecomposition with exact beta derivatives";
  return out;
}

}  // namespace exact
}  // namespace bbg
