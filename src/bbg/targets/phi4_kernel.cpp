#include "bbg/targets/phi4_kernel.hpp"

namespace bbg {

Phi4Kernel::Phi4Kernel(const Lattice& lattice, double kappa, double lambda)
    : lattice_(lattice), kappa_(kappa), lambda_(lambda) {}

// dS/dphi(x) = -2 kappa sum_mu [phi(x+mu) + phi(x-mu)] + 2 (1 - 2 lambda) phi(x) + 4 lambda phi(x)^3.
// out(i, g_i) is called once per site.
template <class Out>
void Phi4Kernel::for_each_gradient(const double* x, Out&& out) const {
  const double hop = -2.0 * kappa_, quad = 2.0 * (1.0 - 2.0 * lambda_), quart = 4.0 * lambda_;
  const auto& shape = lattice_.shape();
  if (shape.size() == 2 && shape[1] >= 3) {
    // 2D: rows r (axis 0) and columns c (axis 1); interior columns vectorise.
    const int64_t rows = shape[0], cols = shape[1];
    for (int64_t r = 0; r < rows; ++r) {
      const double* xr = x + r * cols;
      const double* xu = x + ((r + 1) % rows) * cols;
      const double* xd = x + ((r + rows - 1) % rows) * cols;
      const int64_t base = r * cols;
      auto site = [&](int64_t c, double neighbours) {
        const double v = xr[c];
        out(base + c, hop * neighbours + v * (quad + quart * v * v));
      };
      site(0, xr[cols - 1] + xr[1] + xu[0] + xd[0]);
      for (int64_t c = 1; c < cols - 1; ++c) site(c, xr[c - 1] + xr[c + 1] + xu[c] + xd[c]);
      site(cols - 1, xr[cols - 2] + xr[0] + xu[cols - 1] + xd[cols - 1]);
    }
    return;
  }
  const int64_t d = lattice_.dim(), n = lattice_.volume();
  const int32_t* fwd = lattice_.forward_table().data();
  const int32_t* bwd = lattice_.backward_table().data();
  for (int64_t i = 0; i < n; ++i) {
    double neighbours = 0.0;
    for (int64_t a = 0; a < d; ++a) neighbours += x[fwd[i * d + a]] + x[bwd[i * d + a]];
    const double v = x[i];
    out(i, hop * neighbours + v * (quad + quart * v * v));
  }
}

void Phi4Kernel::gradient(const double* x, double* g) const {
  for_each_gradient(x, [g](int64_t i, double gi) { g[i] = gi; });
}

void Phi4Kernel::kick(const double* x, double* p, double eps, double*) const {
  for_each_gradient(x, [p, eps](int64_t i, double gi) { p[i] -= eps * gi; });
}

// S = -2 kappa sum_x phi(x) sum_mu phi(x+mu) + sum_x phi(x)^2 [(1 - 2 lambda) + lambda phi(x)^2],
// summed site by site in index order (the 2D loop performs the same operations
// as the general one, without the neighbour tables).
double Phi4Kernel::value(const double* x) const {
  const double quad = 1.0 - 2.0 * lambda_;
  double hopping = 0.0, local = 0.0;
  auto site = [&](double v, double forward_sum) {
    const double v2 = v * v;
    hopping += v * forward_sum;
    local += v2 * (quad + lambda_ * v2);
  };
  const auto& shape = lattice_.shape();
  if (shape.size() == 2 && shape[1] >= 3) {
    const int64_t rows = shape[0], cols = shape[1];
    for (int64_t r = 0; r < rows; ++r) {
      const double* xr = x + r * cols;
      const double* xu = x + ((r + 1) % rows) * cols;
      for (int64_t c = 0; c < cols; ++c) {
        double forward_sum = 0.0;  // axis 0, then axis 1, as the tables order them
        forward_sum += xu[c];
        forward_sum += xr[c + 1 < cols ? c + 1 : 0];
        site(xr[c], forward_sum);
      }
    }
    return -2.0 * kappa_ * hopping + local;
  }
  const int64_t d = lattice_.dim(), n = lattice_.volume();
  const int32_t* fwd = lattice_.forward_table().data();
  for (int64_t i = 0; i < n; ++i) {
    double forward_sum = 0.0;
    for (int64_t a = 0; a < d; ++a) forward_sum += x[fwd[i * d + a]];
    site(x[i], forward_sum);
  }
  return -2.0 * kappa_ * hopping + local;
}

}  // namespace bbg
