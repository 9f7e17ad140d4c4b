// Do K independent estimates v_k +- e_k of one quantity agree within their errors?
// (e.g. the NIS estimates under K posterior draws of a flow's weights: reweighting
// should remove the draw-to-draw (epistemic) differences, leaving only the Monte Carlo
// errors; docs/bayesian_generators.md.)
//   mu = sum_k v_k / e_k^2 / sum_k 1 / e_k^2,  err(mu) = (sum_k 1 / e_k^2)^{-1/2},
//   chi2 = sum_k (v_k - mu)^2 / e_k^2,  dof = K - 1,
//   p = Q(dof / 2, chi2 / 2), the chi-square survival function (Q the regularised upper
//   incomplete gamma function): small p says the spread exceeds the stated errors.
// With a known value mu0 instead of mu (the exact result): chi2 = sum (v_k - mu0)^2 / e_k^2,
// dof = K. Estimates with a non-finite value or error <= 0 are skipped (counted in
// `skipped`); fewer than 2 usable estimates (1 with mu0) give NaN.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace bbg {

struct ConsistencyResult {
  double mean = std::numeric_limits<double>::quiet_NaN();        // mu (or mu0)
  double mean_error = std::numeric_limits<double>::quiet_NaN();  // err(mu); 0 with mu0
  double chi2 = std::numeric_limits<double>::quiet_NaN();
  int64_t dof = 0;
  double p_value = std::numeric_limits<double>::quiet_NaN();
  int64_t used = 0, skipped = 0;
};

ConsistencyResult consistency(const std::vector<double>& values, const std::vector<double>& errors,
                              std::optional<double> known_value = std::nullopt);

// Q(a, x) = Gamma(a, x) / Gamma(a), a > 0, x >= 0 (series for x < a + 1, continued
// fraction otherwise; about 1e-14 relative). NaN outside the domain.
double regularized_gamma_q(double a, double x);

}  // namespace bbg
