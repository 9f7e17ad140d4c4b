// The posterior summary of one sampler's draws (records of draw_evaluator.hpp):
// convergence, the posterior predictive at the held-out points with its epistemic
// and aleatoric parts, held-out log predictive density and coverage.
//
// With S draws theta_s (all chains pooled) and per-draw predictive moments
// m_s = E[y | x, theta_s], v_s = Var[y | x, theta_s] at a held-out point x:
//   predictive mean      mbar = (1/S) sum_s m_s
//   epistemic variance   (1/S) sum_s (m_s - mbar)^2   (spread of the network over the posterior)
//   aleatoric variance   (1/S) sum_s v_s              (the noise of y the likelihood models)
//   total variance       epistemic + aleatoric        (law of total variance)
// mean_error is the Monte Carlo error of mbar, sqrt(epistemic / ESS_bulk).
// Held-out log predictive density (Gelman, Hwang, Vehtari, Stat. Comput. 24 (2014) 997):
//   lppd = sum_j log (1/S) sum_s p(y_j | x_j, theta_s),  reported also per point (lppd / H).
// Coverage (regression): the fraction of held-out y_j inside the central 90 % interval
// of the predictive mixture (1/S) sum_s N(m_s, v_s) (exact for Gaussian likelihoods;
// bounds found by bisection of the mixture CDF), with the binomial error
// sqrt(0.9 * 0.1 / H) of a calibrated band. Classification: accuracy of the
// predictive mean (p > 1/2, or the largest class probability).
// Convergence: split rank-normalised R-hat and bulk ESS (estimate/convergence.hpp,
// Vehtari et al. 2021) of the training log likelihood and of every predictive mean.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg::bayes {

enum class PredictiveKind { kRegression, kBernoulli, kCategorical, kDensity };

struct PosteriorInput {
  // [chain] -> draws x record_size doubles, laid out as in DrawEvaluator.
  std::vector<std::vector<double>> records;
  int64_t record_size = 0, held_out = 0, outputs = 0;
  int64_t mean_offset = 2, variance_offset = 0, held_out_log_likelihood_offset = 0;
  std::vector<double> held_targets;  // H x k (regression), H (classification labels)
  PredictiveKind kind = PredictiveKind::kRegression;
  double band = 0.9;  // central probability of the predictive band
};

struct QuantityDiagnostics {
  double mean = 0.0, sd = 0.0, rhat = 0.0, ess_bulk = 0.0;
};

struct PosteriorAnalysis {
  int64_t chains = 0, draws_per_chain = 0;
  QuantityDiagnostics log_likelihood, log_posterior;
  // Per held-out point j and component k (index j * outputs + k).
  std::vector<double> predictive_mean, mean_error, sd_epistemic, sd_aleatoric, sd_total, lower, upper;
  std::vector<double> prediction_rhat, prediction_ess;
  double max_prediction_rhat = 0.0, min_prediction_ess = 0.0;
  double lppd = 0.0, lppd_per_point = 0.0;
  double coverage = -1.0, coverage_error = 0.0;  // regression only (< 0: not computed)
  double accuracy = -1.0;                        // classification only
  double min_ess = 0.0;  // min over log likelihood and predictions: the effective draws of the run
};

PosteriorAnalysis analyse_posterior(const PosteriorInput& input);

}  // namespace bbg::bayes
