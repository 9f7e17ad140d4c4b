#include "bbg/exact/rank_one_update.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

#include "bbg/exact/symmetric_eigenvalues.hpp"

// LAPACK: the i-th (1-based) eigenvalue of diag(d) + rho z z^T for d strictly increasing,
// rho > 0 and ||z|| = 1; for n >= 3 delta_j = d_j - lambda on return, for n = 2 delta is the
// unit eigenvector (dlaed5), for n = 1 delta = 1.
extern "C" void dlaed4_(const int* n, const int* i, const double* d, const double* z, double* delta, const double* rho,
                        double* lambda, int* info);
extern "C" void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
                       const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
                       const double* beta, double* c, const int* ldc, size_t transa_len, size_t transb_len);

namespace bbg {
namespace exact {
namespace {

using Pair = double __attribute__((vector_size(16)));  // two lanes (SSE2 / NEON)

// s = sum_j u_j q_j and ds = sum_j q_j^2 over j in [begin, end), q_j = u_j / ((d_j - origin) - tau):
// the partial secular sums and their derivatives at mu = origin + tau, two lanes at a time.
void partial_sums(const double* d, const double* u, int begin, int end, double origin, double tau, double& s,
                  double& ds) {
  const Pair o = {origin, origin}, t = {tau, tau};
  Pair s0 = {0, 0}, s1 = {0, 0}, ds0 = {0, 0}, ds1 = {0, 0};
  int j = begin;
  for (; j + 3 < end; j += 4) {
    Pair da, db, ua, ub;
    std::memcpy(&da, d + j, sizeof da), std::memcpy(&db, d + j + 2, sizeof db);
    std::memcpy(&ua, u + j, sizeof ua), std::memcpy(&ub, u + j + 2, sizeof ub);
    const Pair qa = ua / ((da - o) - t), qb = ub / ((db - o) - t);
    s0 += ua * qa, s1 += ub * qb, ds0 += qa * qa, ds1 += qb * qb;
  }
  double sum = (s0[0] + s1[0]) + (s0[1] + s1[1]), dsum = (ds0[0] + ds1[0]) + (ds0[1] + ds1[1]);
  for (; j < end; ++j) {
    const double q = u[j] / ((d[j] - origin) - tau);
    sum += u[j] * q, dsum += q * q;
  }
  s = sum, ds = dsum;
}

// Root i (0-based) of f(mu) = 1/r + sum_j u_j^2 / (d_j - mu), d strictly increasing (k
// values), unit u, r > 0: mu in (d_i, d_{i+1}), or (d_{k-1}, d_{k-1} + r] for the last. The
// origin is the pole nearer the root (f at the midpoint decides), mu = d_o + tau, and tau is
// found in a bracket by the rational model of Bunch, Nielsen and Sorensen (1978): psi (poles
// j <= i) ~ a1 + b1 / (d_i - mu), phi (poles j > i) ~ a2 + b2 / (d_{i+1} - mu), matched in
// value and slope at the current mu; a model root outside the bracket is replaced by its
// midpoint. Converged when |f| is below its rounding error (the bound LAPACK's dlaed4 uses),
// or the bracket is as narrow as the precision of tau. False if neither within 64 steps.
// If `delta` is given, writes delta_j = (d_j - d_o) - tau = d_j - mu there (k values), the
// differences computed to high relative accuracy, as dlaed4 does.
bool secular_root(const double* d, const double* u, int k, int i, double r, double& mu, double* delta) {
  const double rinv = 1.0 / r, eps = std::numeric_limits<double>::epsilon();
  const bool last = i == k - 1;
  double psi, dpsi, phi = 0, dphi = 0, tau, lo, hi;
  int o = i;
  if (last) {
    lo = 0, hi = r, tau = 0.5 * r;
    partial_sums(d, u, 0, k, d[i], tau, psi, dpsi);
  } else {
    const double gap = d[i + 1] - d[i], mid = 0.5 * gap;
    partial_sums(d, u, 0, i + 1, d[i], mid, psi, dpsi);
    partial_sums(d, u, i + 1, k, d[i], mid, phi, dphi);
    if (rinv + psi + phi >= 0) {
      lo = 0, hi = mid, tau = mid;
    } else {
      o = i + 1, lo = mid - gap, hi = 0, tau = mid - gap;
    }
  }
  const double di = d[i] - d[o], di1 = last ? 0.0 : d[i + 1] - d[o];
  for (int step = 0; step < 64; ++step) {
    const double f = rinv + psi + phi;
    const double err = 8.0 * (phi - psi) + 2.0 * rinv + 3.0 * std::abs(tau) * (dpsi + dphi);
    if (std::abs(f) <= eps * err) break;
    (f < 0 ? lo : hi) = tau;                          // f increases with mu
    if (hi - lo <= 4.0 * eps * std::abs(tau)) break;  // tau as precise as it can be
    const double ei = di - tau, b1 = dpsi * ei * ei, a1 = psi - b1 / ei;
    double t = std::numeric_limits<double>::quiet_NaN();
    if (last) {
      const double c = rinv + a1;
      if (c > 0) t = di + b1 / c;
    } else {
      // c + b1 / (di - t) + b2 / (di1 - t) = 0  <=>  c t^2 - a t + b = 0
      const double ei1 = di1 - tau, b2 = dphi * ei1 * ei1, a2 = phi - b2 / ei1, c = rinv + a1 + a2;
      const double a = c * (di + di1) + b1 + b2, b = c * di * di1 + b1 * di1 + b2 * di;
      if (c == 0) {
        t = b / a;
      } else {
        const double q = 0.5 * (a + std::copysign(std::sqrt(std::max(a * a - 4.0 * b * c, 0.0)), a));
        t = q / c;
        if (!(t > lo && t < hi) && q != 0) t = b / q;
      }
    }
    tau = t > lo && t < hi ? t : 0.5 * (lo + hi);
    partial_sums(d, u, 0, i + 1, d[o], tau, psi, dpsi);
    if (last) {
      phi = dphi = 0;
    } else {
      partial_sums(d, u, i + 1, k, d[o], tau, phi, dphi);
    }
    if (step == 63) return false;
  }
  mu = d[o] + tau;
  if (delta)
    for (int j = 0; j < k; ++j) delta[j] = (d[j] - d[o]) - tau;
  return true;
}

}  // namespace

bool RankOneUpdate::compute(const double* d, const double* z, double rho, int n, bool vectors) {
  n_ = n;
  rotations_.clear(), kept_.clear(), order_.clear(), d_.clear(), z_.clear(), eigenvalues_.clear();
  if (n <= 0) return true;
  if (rho >= 0) {
    sign_ = 1.0;
    return positive(d, z, rho, n, false, vectors);
  }
  sign_ = -1.0;  // -M = diag(-d) + (-rho) z z^T; -d ascending is d reversed and negated
  reversed_d_.resize(n), reversed_z_.resize(n);
  for (int j = 0; j < n; ++j) reversed_d_[j] = -d[n - 1 - j], reversed_z_[j] = z[n - 1 - j];
  return positive(reversed_d_.data(), reversed_z_.data(), -rho, n, true, vectors);
}

bool RankOneUpdate::positive(const double* d, const double* z, double rho, int n, bool reversed, bool vectors) {
  auto original = [&](int j) { return reversed ? n - 1 - j : j; };
  double znorm2 = 0;
  for (int j = 0; j < n; ++j) znorm2 += z[j] * z[j];
  const double r = rho * znorm2;  // with unit u = z / |z|: M = diag(d) + r u u^T
  const double tol = 8.0 * std::numeric_limits<double>::epsilon() * std::max({std::abs(d[0]), std::abs(d[n - 1]), r});
  const double scale = r > 0 ? 1.0 / std::sqrt(znorm2) : 0.0;
  for (int j = 0; j < n; ++j) {
    const double uj = z[j] * scale, dj = d[j];
    if (!(r * std::abs(uj) > tol)) {  // decoupled: the eigenvalue stays d_j (also r = 0)
      order_.emplace_back(dj, original(j));
      continue;
    }
    if (!kept_.empty()) {
      // Rotate (u_p, u_j) -> (0, h), h = hypot(u_p, u_j), c = u_j / h, s = -u_p / h; the
      // dropped off-diagonal term is (d_j - d_p) c s, tested without the root as
      // |t u_p u_j| <= tol h^2.
      const double dp = d_.back(), up = z_.back(), h2 = up * up + uj * uj;
      if (std::abs((dj - dp) * up * uj) <= tol * h2) {
        const double h = std::sqrt(h2), c = uj / h, s = -up / h;
        order_.emplace_back(dp * c * c + dj * s * s, kept_.back());
        rotations_.push_back({kept_.back(), original(j), c, s});
        d_.back() = dp * s * s + dj * c * c, z_.back() = h, kept_.back() = original(j);
        continue;
      }
    }
    d_.push_back(dj), z_.push_back(uj), kept_.push_back(original(j));
  }
  const int k = static_cast<int>(kept_.size());
  if (k > 0) {
    double knorm2 = 0;
    for (const double u : z_) knorm2 += u * u;
    const double rk = r * knorm2, kscale = 1.0 / std::sqrt(knorm2);
    for (auto& u : z_) u *= kscale;
    q_.resize(static_cast<size_t>(vectors ? k * k : k));
    roots_.resize(k);
    for (int i = 0; i < k; ++i) {
      int info = 0, one_based = i + 1;
      // the vectorised solver above, dlaed4 if it fails (and for k <= 2, where dlaed4's
      // delta is the eigenvector itself)
      double* delta = vectors ? q_.data() + i * k : nullptr;
      if ((vectors ? k >= 3 : k >= 2) && secular_root(d_.data(), z_.data(), k, i, rk, roots_[i], delta)) {
        order_.emplace_back(roots_[i], -(i + 1));
        continue;
      }
      dlaed4_(&k, &one_based, d_.data(), z_.data(), q_.data() + (vectors ? i * k : 0), &rk, &roots_[i], &info);
      if (info != 0) return false;
      order_.emplace_back(roots_[i], -(i + 1));
    }
    if (vectors && k == 1) q_[0] = 1.0;
    if (vectors && k >= 3) {
      // Gu-Eisenstat: u-hat_j^2 = prod_i (mu_i - d_j) / (rk prod_{i != j} (d_i - d_j)),
      // every factor positive by interlacing; then q_i(j) = u-hat_j / (d_j - mu_i), normalised.
      product_.resize(k);
      for (int j = 0; j < k; ++j) {
        double p = -q_[j * k + j] / rk;
        for (int i = 0; i < k; ++i)
          if (i != j) p *= -q_[i * k + j] / (d_[i] - d_[j]);
        product_[j] = std::copysign(std::sqrt(std::abs(p)), z_[j]);
      }
      for (int i = 0; i < k; ++i) {
        double* row = q_.data() + i * k;
        double norm2 = 0;
        for (int j = 0; j < k; ++j) row[j] = product_[j] / row[j], norm2 += row[j] * row[j];
        const double inv = 1.0 / std::sqrt(norm2);
        for (int j = 0; j < k; ++j) row[j] *= inv;
      }
    }
  }
  for (auto& e : order_) e.first *= sign_;
  std::sort(order_.begin(), order_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  eigenvalues_.resize(n);
  for (int i = 0; i < n; ++i) eigenvalues_[i] = order_[i].first;
  return true;
}

void RankOneUpdate::transform(double* v, int rows) {
  const int n = n_, k = static_cast<int>(kept_.size());
  for (const Rotation& g : rotations_) {
    for (int r = 0; r < rows; ++r) {
      double &a = v[r * n + g.p], &b = v[r * n + g.j];
      const double va = a, vb = b;
      a = g.c * va + g.s * vb, b = -g.s * va + g.c * vb;
    }
  }
  if (k > 0) {
    // product (rows x k, row-major) = gathered (rows x k) q^T: column-major, product^T = q gathered^T.
    gathered_.resize(static_cast<size_t>(rows) * k), product_.resize(static_cast<size_t>(rows) * k);
    for (int r = 0; r < rows; ++r)
      for (int m = 0; m < k; ++m) gathered_[r * k + m] = v[r * n + kept_[m]];
    const double one = 1.0, zero = 0.0;
    const SingleThreadedLapack guard(k);
    dgemm_("T", "N", &k, &rows, &k, &one, q_.data(), &k, gathered_.data(), &k, &zero, product_.data(), &k, 1, 1);
  }
  copy_.resize(static_cast<size_t>(rows) * n);
  for (int r = 0; r < rows; ++r) {
    const double* in = v + r * n;
    const double* fresh = product_.data() + static_cast<size_t>(r) * k;
    double* out = copy_.data() + r * n;
    for (int i = 0; i < n; ++i) {
      const int source = order_[i].second;
      out[i] = source >= 0 ? in[source] : fresh[-source - 1];
    }
  }
  std::copy(copy_.begin(), copy_.end(), v);
}

}  // namespace exact
}  // namespace bbg
