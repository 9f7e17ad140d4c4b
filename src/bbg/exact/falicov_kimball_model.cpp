#include "bbg/exact/falicov_kimball_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bbg {
namespace exact {

FalicovKimballModel::FalicovKimballModel(int64_t lx, int64_t ly, double hopping, double interaction)
    : lx_(lx), ly_(ly), hopping_(hopping), interaction_(interaction) {
  if (lx < 2 || ly < 2) throw std::invalid_argument("FalicovKimballModel: extents must be >= 2");
  const int64_t n = sites();
  hopping_matrix_.assign(static_cast<size_t>(n * n), 0.0);
  stagger_.resize(static_cast<size_t>(n));
  for (int64_t ix = 0; ix < lx; ++ix) {
    for (int64_t iy = 0; iy < ly; ++iy) {
      const int64_t i = ix * ly + iy;
      stagger_[i] = (ix + iy) % 2 == 0 ? 1.0 : -1.0;
      // one bond per site and axis: (i, i + e_x) and (i, i + e_y)
      for (const int64_t j : {((ix + 1) % lx) * ly + iy, ix * ly + (iy + 1) % ly}) {
        hopping_matrix_[i * n + j] -= hopping;
        hopping_matrix_[j * n + i] -= hopping;
      }
    }
  }
}

void FalicovKimballModel::one_body_matrix(const double* s, double* h) const {
  const int64_t n = sites();
  std::copy(hopping_matrix_.begin(), hopping_matrix_.end(), h);
  for (int64_t i = 0; i < n; ++i) h[i * n + i] = 0.5 * interaction_ * s[i];  // U (x_i - 1/2)
}

void FalicovKimballModel::spectrum(const double* s, double* eps, double* h, EigenWorkspace& workspace) const {
  one_body_matrix(s, h);
  symmetric_eigenvalues(h, static_cast<int>(sites()), eps, workspace);
}

double FalicovKimballModel::structure_factor(const double* s) const {
  double staggered = 0;  // sum_i (-1)^i (x_i - 1/2)
  for (int64_t i = 0; i < sites(); ++i) staggered += stagger_[i] * 0.5 * s[i];
  return staggered * staggered / static_cast<double>(sites());
}

namespace {

// -ln(2 cosh y) = -|y| - ln(1 + exp(-2|y|)), no overflow.
double minus_log_2cosh(double y) {
  const double a = std::abs(y);
  return -(a + std::log1p(std::exp(-2.0 * a)));
}

}  // namespace

double fermion_action(const double* eps, int64_t n, double beta) {
  double action = 0;
  for (int64_t k = 0; k < n; ++k) action += minus_log_2cosh(0.5 * beta * eps[k]);
  return action;
}

FermionThermodynamics fermion_thermodynamics(const double* eps, int64_t n, double beta) {
  FermionThermodynamics out;
  double fluctuation = 0;
  for (int64_t k = 0; k < n; ++k) {
    const double y = 0.5 * beta * eps[k];
    out.action += minus_log_2cosh(y);
    const double th = std::tanh(y);
    out.energy -= 0.5 * eps[k] * th;
    fluctuation += 0.25 * eps[k] * eps[k] * (1.0 - th * th);
  }
  out.energy_squared = out.energy * out.energy + fluctuation;
  return out;
}

}  // namespace exact
}  // namespace bbg
