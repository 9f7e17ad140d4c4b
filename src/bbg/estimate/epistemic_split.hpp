// The error bar of a surrogate's plain (unreweighted) estimate over K posterior draws of
// its weights (docs/bayesian_generators.md, "(d)"). Draw k gives v_k +- e_k, e_k its Monte
// Carlo (aleatoric) error from M model samples. By the law of total variance
//   Var(v) = Var_theta(<O>_q_theta)  +  E_theta[e^2],
//            epistemic                  aleatoric
// estimated as
//   mean      = (1/K) sum_k v_k                      (the posterior-averaged plain estimate)
//   across    = sum_k (v_k - mean)^2 / (K - 1)        (the spread of the draws)
//   aleatoric = (1/K) sum_k e_k^2
//   epistemic = max(0, across - aleatoric)            (the spread the weights cause)
//   sd_total  = sqrt(epistemic + aleatoric)           (the error of ONE draw's estimate)
//   mean_error = sqrt(across / K)                     (the error of `mean` itself)
// Bias against a reference r +- e_r: mean - r with error sqrt(mean_error^2 + e_r^2).
// Non-finite values are skipped; fewer than 2 leave the spread NaN.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace bbg {

struct EpistemicSplit {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double mean = kNaN, mean_error = kNaN, sd_across = kNaN, sd_epistemic = kNaN, sd_aleatoric = kNaN, sd_total = kNaN;
  double min = kNaN, max = kNaN;
  int64_t draws = 0;
};

EpistemicSplit epistemic_split(const std::vector<double>& values, const std::vector<double>& errors);

}  // namespace bbg
