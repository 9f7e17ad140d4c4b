#include "bbg/exact/quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>

namespace bbg {
namespace exact {
namespace detail {

namespace {

// Kronrod abscissae (xgk[1], xgk[3], xgk[5], xgk[7] = 0 are the Gauss-7 nodes).
constexpr double kXgk[8] = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                            0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                            0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                            0.207784955007898467600689403773245, 0.000000000000000000000000000000000};
constexpr double kWgk[8] = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                            0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                            0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                            0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
constexpr double kWg[4] = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                           0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

struct Piece {
  double a, b, value, error;
  bool operator<(const Piece& o) const { return error < o.error; }
};

Piece gk15(const std::function<double(double)>& f, double a, double b) {
  const double c = 0.5 * (a + b), h = 0.5 * (b - a);
  const double fc = f(c);
  double k = fc * kWgk[7], g = fc * kWg[3];
  for (int j = 0; j < 7; ++j) {
    const double dx = h * kXgk[j];
    const double s = f(c - dx) + f(c + dx);
    k += kWgk[j] * s;
    if (j % 2 == 1) g += kWg[j / 2] * s;
  }
  return {a, b, k * h, std::abs((k - g) * h)};
}

}  // namespace

QuadratureResult integrate(const std::function<double(double)>& f, double a, double b, double rel_tol,
                           double abs_tol, int max_intervals) {
  std::priority_queue<Piece> heap;
  Piece first = gk15(f, a, b);
  double total = first.value, err = first.error;
  heap.push(first);
  int n = 1;
  while (err > std::max(abs_tol, rel_tol * std::abs(total)) && n < max_intervals) {
    Piece p = heap.top();
    heap.pop();
    const double mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) {  // cannot split further
      heap.push(p);
      break;
    }
    Piece l = gk15(f, p.a, mid), r = gk15(f, mid, p.b);
    total += l.value + r.value - p.value;
    err += l.error + r.error - p.error;
    heap.push(l);
    heap.push(r);
    ++n;
  }
  // Re-sum to remove the drift of the running updates.
  double sum = 0, esum = 0;
  while (!heap.empty()) {
    sum += heap.top().value;
    esum += heap.top().error;
    heap.pop();
  }
  return {sum, esum, n};
}

void gauss_legendre(int n, std::vector<double>& nodes, std::vector<double>& weights) {
  if (n < 1) throw std::invalid_argument("gauss_legendre: n must be >= 1");
  nodes.assign(n, 0.0);
  weights.assign(n, 0.0);
  const int half = (n + 1) / 2;
  for (int i = 0; i < half; ++i) {
    // Initial guess (Tricomi) for the i-th largest root.
    double x = std::cos(M_PI * (i + 0.75) / (n + 0.5));
    double dp = 0;
    for (int it = 0; it < 100; ++it) {
      double p0 = 1.0, p1 = x;
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const double pn = n == 1 ? x : p1, pm = n == 1 ? 1.0 : p0;
      dp = n * (x * pn - pm) / (x * x - 1.0);
      const double dx = pn / dp;
      x -= dx;
      if (std::abs(dx) <= 1e-16 * std::max(1.0, std::abs(x))) break;
    }
    // Recompute the derivative at the converged root for the weight.
    double p0 = 1.0, p1 = x;
    for (int k = 2; k <= n; ++k) {
      const double p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    const double pn = n == 1 ? x : p1, pm = n == 1 ? 1.0 : p0;
    dp = n * (x * pn - pm) / (x * x - 1.0);
    const double w = 2.0 / ((1.0 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 == 1) nodes[n / 2] = 0.0;
}

}  // namespace detail
}  // namespace exact
}  // namespace bbg
