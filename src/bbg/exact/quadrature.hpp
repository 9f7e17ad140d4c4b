// Numerical quadrature helpers shared by the exact results (internal).
//
// integrate(): globally adaptive Gauss–Kronrod G7/K15 rule (the QUADPACK QAG
//   scheme: bisect the interval with the largest error estimate |K15 - G7| until
//   the total estimate is below max(abs_tol, rel_tol |I|)).
//   R. Piessens et al., QUADPACK (Springer 1983); Kronrod nodes/weights from qk15.
// gauss_legendre(): n-point Gauss–Legendre nodes and weights on [-1, 1] by Newton
//   iteration on the three-term recurrence of P_n
//   (Press et al., Numerical Recipes, 3rd ed., §4.6).
#pragma once
#include <functional>
#include <vector>

namespace bbg {
namespace exact {
namespace detail {

struct QuadratureResult {
  double value = 0;
  double error = 0;  // estimated absolute error
  int intervals = 0;
};

QuadratureResult integrate(const std::function<double(double)>& f, double a, double b, double rel_tol = 1e-14,
                           double abs_tol = 0.0, int max_intervals = 2000);

void gauss_legendre(int n, std::vector<double>& nodes, std::vector<double>& weights);

}  // namespace detail
}  // namespace exact
}  // namespace bbg
