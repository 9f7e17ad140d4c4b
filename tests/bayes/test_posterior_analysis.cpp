// The posterior summary (bayes/posterior_analysis.hpp) on synthetic draw records
// whose answers are known: the law-of-total-variance split, the band of a Gaussian
// mixture, coverage, lppd, accuracy and the convergence flags.
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/bayes/posterior_analysis.hpp"
#include "bbg/core/rng.hpp"

namespace bbg {
namespace {

// Records [log post, log lik, mean, variance, held-out log lik] for one held-out point.
bayes::PosteriorInput one_point_input(const std::vector<std::vector<double>>& means, double variance, double y) {
  bayes::PosteriorInput in;
  in.record_size = 5, in.held_out = 1, in.outputs = 1;
  in.mean_offset = 2, in.variance_offset = 3, in.held_out_log_likelihood_offset = 4;
  in.held_targets = {y};
  for (size_t c = 0; c < means.size(); ++c) {
    std::vector<double> r;
    for (double m : means[c]) {
      const double l = -0.5 * (y - m) * (y - m) / variance - 0.5 * std::log(2 * M_PI * variance);
      r.insert(r.end(), {l, l, m, variance, l});
    }
    in.records.push_back(r);
  }
  return in;
}

TEST(BayesPosteriorAnalysis, SplitsEpistemicAndAleatoricVariance) {
  // Means N(0.5, 0.3^2) over draws, noise variance 0.16: total variance 0.09 + 0.16.
  Rng rng(3, 0);
  std::vector<std::vector<double>> means(4);
  for (auto& c : means)
    for (int t = 0; t < 4000; ++t) c.push_back(0.5 + 0.3 * rng.normal());
  const auto a = bayes::analyse_posterior(one_point_input(means, 0.16, 0.0));
  EXPECT_NEAR(a.predictive_mean[0], 0.5, 4 * 0.3 / std::sqrt(16000.0));
  EXPECT_NEAR(a.sd_epistemic[0], 0.3, 0.01);
  EXPECT_NEAR(a.sd_aleatoric[0], 0.4, 1e-12);
  EXPECT_NEAR(a.sd_total[0], 0.5, 0.01);
  // The mixture of N(m_s, 0.16) over m_s ~ N(0.5, 0.09) is N(0.5, 0.25): 90 % band 0.5 +- 1.6449 * 0.5.
  EXPECT_NEAR(a.lower[0], 0.5 - 1.644854 * 0.5, 0.02);
  EXPECT_NEAR(a.upper[0], 0.5 + 1.644854 * 0.5, 0.02);
  EXPECT_NEAR(a.mean_error[0], a.sd_epistemic[0] / std::sqrt(a.prediction_ess[0]), 1e-12);
  EXPECT_LT(a.max_prediction_rhat, 1.01);
  EXPECT_GT(a.min_prediction_ess, 10000);
  EXPECT_EQ(a.coverage, 1.0);  // y = 0 is inside the band
  // lppd of y = 0 under the mixture N(0.5, 0.25): log N(0; 0.5, 0.25).
  EXPECT_NEAR(a.lppd, -0.5 * 0.25 / 0.25 - 0.5 * std::log(2 * M_PI * 0.25), 0.01);
}

TEST(BayesPosteriorAnalysis, RhatFlagsChainsThatDisagree) {
  Rng rng(4, 0);
  std::vector<std::vector<double>> means(4);
  for (size_t c = 0; c < means.size(); ++c)
    for (int t = 0; t < 500; ++t) means[c].push_back((c < 2 ? 1.0 : -1.0) + 0.1 * rng.normal());
  const auto a = bayes::analyse_posterior(one_point_input(means, 0.01, 0.0));
  EXPECT_GT(a.max_prediction_rhat, 1.5);
  EXPECT_GT(a.sd_epistemic[0], 0.9);  // the two groups are 2 apart
}

TEST(BayesPosteriorAnalysis, CoverageCountsHeldOutPointsInTheBand) {
  // 200 held-out points, every draw predicts N(0, 1) exactly: y_j drawn from N(0, 1)
  // fall in the 90 % band with probability 0.9.
  Rng rng(5, 0);
  bayes::PosteriorInput in;
  const int64_t h = 200;
  in.held_out = h, in.outputs = 1, in.record_size = 2 + 3 * h;
  in.mean_offset = 2, in.variance_offset = 2 + h, in.held_out_log_likelihood_offset = 2 + 2 * h;
  for (int64_t j = 0; j < h; ++j) in.held_targets.push_back(rng.normal());
  std::vector<double> r;
  for (int t = 0; t < 20; ++t) {
    r.insert(r.end(), {0.0, 0.0});
    r.insert(r.end(), h, 0.0);
    r.insert(r.end(), h, 1.0);
    for (int64_t j = 0; j < h; ++j)
      r.push_back(-0.5 * in.held_targets[j] * in.held_targets[j] - 0.5 * std::log(2 * M_PI));
  }
  in.records = {r, r};
  const auto a = bayes::analyse_posterior(in);
  EXPECT_NEAR(a.lower[0], -1.644854, 1e-6);
  EXPECT_NEAR(a.upper[0], 1.644854, 1e-6);
  EXPECT_NEAR(a.coverage, 0.9, 3 * a.coverage_error);
  EXPECT_NEAR(a.coverage_error, std::sqrt(0.09 / h), 1e-15);
}

TEST(BayesPosteriorAnalysis, AccuracyOfClassifiers) {
  bayes::PosteriorInput in;
  in.held_out = 4, in.outputs = 1, in.record_size = 2 + 3 * 4;
  in.mean_offset = 2, in.variance_offset = 6, in.held_out_log_likelihood_offset = 10;
  in.kind = bayes::PredictiveKind::kBernoulli;
  in.held_targets = {1, 0, 1, 1};
  std::vector<double> r = {0, 0, 0.9, 0.2, 0.3, 0.7, 0.09, 0.16, 0.21, 0.21, -0.1, -0.2, -1.2, -0.4};
  in.records = {r, r, r, r, r};
  const auto a = bayes::analyse_posterior(in);
  EXPECT_DOUBLE_EQ(a.accuracy, 0.75);  // the third point (p = 0.3, y = 1) is wrong
  EXPECT_LT(a.coverage, 0.0);          // no band for classification
}

}  // namespace
}  // namespace bbg
