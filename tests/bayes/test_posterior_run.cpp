// The posterior runner end to end (bayes/posterior_run.hpp, posterior_analysis.hpp):
// predictive bands of an MLP widen in a gap of the data and cover held-out points
// at their nominal rate; R-hat flags chains that sit in different modes of a
// symmetric posterior; an interrupted run resumes bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "bbg/bayes/posterior_analysis.hpp"
#include "bbg/bayes/posterior_kernels.hpp"
#include "bbg/bayes/posterior_run.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/estimate/convergence.hpp"
#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/kernel_chains.hpp"
#include "posterior_test_problem.hpp"

namespace bbg {
namespace {

// Training data on [-3, -1] u [1, 3], held-out points on [-3, 3] (the gap included),
// full-batch BAOAB (h = 0.005, gamma = 5) from MAP starts: the epistemic sd in the
// gap (|x| < 0.7) is more than twice that where the data are, and the 90 % band
// covers the held-out points within 3 binomial errors of 90 %.
TEST(BayesPosteriorRun, GapRegressionBandsWidenInTheGapAndCover) {
  const auto problem = bayes_test::regression_problem({{-3.0, -1.0}, {1.0, 3.0}}, 40, {{-3.0, 3.0}}, 200, 0.1, {10}, 3);
  bayes::PosteriorSettings s;
  s.samplers = {"baoab"};
  s.chains = 4, s.warmup = 1000, s.samples = 1000, s.thin = 2, s.seed = 5;
  s.map_steps = 500;
  s.baoab_step_size = 0.005, s.baoab_friction = 5.0;
  const auto r = bayes::run_posterior_sampler(problem, s, "baoab", "", false);
  const auto a = bayes::analyse_posterior(bayes::posterior_input(r, problem));
  const at::Tensor x = problem.held_inputs.contiguous();
  double gap = 0.0, data = 0.0;
  int64_t n_gap = 0, n_data = 0;
  for (int64_t j = 0; j < x.size(0); ++j) {
    const double xj = x[j][0].item<double>();
    if (std::abs(xj) < 0.7) gap += a.sd_epistemic[j], ++n_gap;
    if (std::abs(xj) > 1.2 && std::abs(xj) < 2.8) data += a.sd_epistemic[j], ++n_data;
  }
  gap /= n_gap, data /= n_data;
  EXPECT_GT(gap, 2.0 * data) << "epistemic sd in the gap " << gap << ", with data " << data;
  EXPECT_NEAR(a.coverage, 0.9, 3.0 * a.coverage_error) << "coverage " << a.coverage << " +- " << a.coverage_error;
  // Chains started from separate MAP fits can sit in different local modes of the MLP
  // posterior (measured R-hat of the log likelihood 1.1): reported, not asserted.
  RecordProperty("rhat_log_likelihood", std::to_string(a.log_likelihood.rhat));
  RecordProperty("epistemic_sd_gap", std::to_string(gap));
  RecordProperty("epistemic_sd_data", std::to_string(data));
  RecordProperty("coverage", std::to_string(a.coverage));
}

// y = w2 tanh(w1 x) is unchanged by (w1, w2) -> (-w1, -w2): two modes, separated by a
// barrier of ~100 nats at w1 w2 = 0. Two chains started in each mode stay there:
// R-hat of w1 flags them (> 1.5) while R-hat of the (symmetric) log likelihood does not.
TEST(BayesPosteriorRun, RhatFlagsChainsInDifferentModes) {
  auto problem = bayes_test::regression_problem({{-2.0, 2.0}}, 30, {{-2.0, 2.0}}, 10, 0.2, {1}, 11);
  bayes::MlpSpec spec;
  spec.hidden = {1};
  spec.bias = false;
  problem.make_network = [spec] { return bayes::make_mlp(spec); };
  bayes::PosteriorSettings s;
  s.adapt_mass = true;
  const int64_t chains = 4, warmup = 200, samples = 300;
  KernelChains set(chains, warmup, 9, [&](int64_t c, Rng& rng) {
    const auto net = problem.make_network();
    auto potential =
        std::make_shared<bayes::WeightPotential>(net, problem.train_inputs, problem.train_targets, problem.likelihood,
                                                 problem.make_prior(bayes::layout_of(*net.ptr())));
    const double sign = c < 2 ? 1.0 : -1.0;
    ChainParts parts;
    parts.kernel = bayes::make_posterior_kernel("nuts", s, *potential, {sign * 1.2, sign * 1.0}, rng);
    parts.potential = potential;
    return parts;
  });
  std::vector<std::vector<double>> w1(chains), ll(chains);
  DriverSettings ds;
  ds.warmup = warmup, ds.samples = samples, ds.progress = false;
  run_chains(set, ds, [&](int64_t, int64_t count, const std::vector<double>& d) {
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t t = 0; t < count; ++t) {
        const double* q = d.data() + (c * count + t) * 2;
        w1[c].push_back(q[0]);
        ll[c].push_back(std::log(std::abs(q[0] * q[1])));  // symmetric under the sign flip
      }
  });
  for (int64_t c = 0; c < chains; ++c)
    for (double w : w1[c]) ASSERT_EQ(w > 0.0, c < 2) << "chain " << c << " left its mode";
  const auto r_w1 = convergence(w1), r_sym = convergence(ll);
  EXPECT_GT(r_w1.rhat, 1.5);
  EXPECT_LT(r_sym.rhat, 1.05);
  RecordProperty("rhat_w1", std::to_string(r_w1.rhat));
  RecordProperty("rhat_symmetric", std::to_string(r_sym.rhat));
}

// Interrupted after the first block of warm-up and resumed from the checkpoint, the
// run's records are bit-identical to those of an uninterrupted run.
TEST(BayesPosteriorRun, InterruptedRunResumesBitForBit) {
  const auto problem = bayes_test::regression_problem({{-2.0, 2.0}}, 30, {{-2.0, 2.0}}, 5, 0.2, {4}, 2);
  bayes::PosteriorSettings s;
  s.chains = 2, s.warmup = 150, s.samples = 300, s.map_steps = 20, s.batch_size = 10;
  for (const std::string sampler : {"mala", "sghmc"}) {
    const auto whole = bayes::run_posterior_sampler(problem, s, sampler, "", false);
    const std::string ck = (std::filesystem::temp_directory_path() / ("bbg_posterior_resume_" + sampler)).string();
    std::filesystem::remove(ck);
    request_interrupt();
    EXPECT_THROW(bayes::run_posterior_sampler(problem, s, sampler, ck, false), Interrupted);
    clear_interrupt();
    ASSERT_TRUE(std::filesystem::exists(ck));
    const auto resumed = bayes::run_posterior_sampler(problem, s, sampler, ck, false);
    EXPECT_EQ(resumed.records, whole.records) << sampler;
    EXPECT_EQ(resumed.weights, whole.weights) << sampler;
    std::filesystem::remove(ck);
  }
}

}  // namespace
}  // namespace bbg
