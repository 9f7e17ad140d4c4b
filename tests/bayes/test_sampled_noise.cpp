// Regression with the noise sigma sampled together with the weights
// (with_learned_noise + GaussianLearnedNoiseLikelihood + the half-normal prior on
// log sigma): the quadrature reference (sampled_noise_reference.hpp) is checked for
// self-consistency; the WeightPotential is the closed form; full-batch HMC with an
// adapted step size reproduces the reference's means and variances of beta, sigma
// and log sigma within 4 Gamma-method errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "../sampler/sampler_test_util.hpp"
#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/noise_scale_module.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/bayes/posterior_kernels.hpp"
#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/kernel_chains.hpp"
#include "bbg/sampler/hmc_chains.hpp"
#include "sampled_noise_reference.hpp"

namespace bbg {
namespace {

using bayes_test::SampledNoiseRegression;

struct Problem {
  std::unique_ptr<bayes::WeightPotential> potential;
  int64_t log_sigma = -1, beta = -1;  // offsets in theta
};

Problem make_problem(const SampledNoiseRegression& r, const bayes::WeightPotentialSettings& settings = {}) {
  auto linear = torch::nn::Linear(torch::nn::LinearOptions(r.d, 1).bias(false));
  linear->to(torch::kDouble);
  const torch::nn::AnyModule net = bayes::with_learned_noise(torch::nn::AnyModule(linear), 1.0);
  const auto layout = bayes::layout_of(*net.ptr());
  auto prior = bayes::GaussianPrior::fixed(layout, r.s0);
  prior.set_half_normal_log_scale(bayes::kLogSigmaParameter, r.s_sigma);
  Problem p;
  for (const auto& t : layout.tensors) {
    if (t.name == bayes::kLogSigmaParameter) p.log_sigma = t.offset;
    if (t.name == "net.weight") p.beta = t.offset;
  }
  const auto opts = torch::TensorOptions().dtype(torch::kDouble);
  const at::Tensor xt = torch::from_blob(const_cast<double*>(r.x.data()), {r.n, r.d}, opts).clone();
  const at::Tensor yt = torch::from_blob(const_cast<double*>(r.y.data()), {r.n, 1}, opts).clone();
  p.potential = std::make_unique<bayes::WeightPotential>(
      net, xt, yt, std::make_shared<bayes::GaussianLearnedNoiseLikelihood>(), prior, settings);
  return p;
}

// Means and variances of beta_j, sigma and log sigma against the quadrature within 4
// Gamma-method errors; series[k][chain][draw] in that order.
void expect_reference_moments(const SampledNoiseRegression& r,
                              const std::vector<std::vector<std::vector<double>>>& series, const std::string& who) {
  const auto exact = r.exact();
  std::vector<double> mean(exact.beta_mean), var;
  for (int64_t j = 0; j < r.d; ++j) var.push_back(exact.beta_cov[j * r.d + j]);
  mean.push_back(exact.sigma_mean), var.push_back(exact.sigma_var);
  mean.push_back(exact.log_sigma_mean), var.push_back(exact.log_sigma_var);
  const char* names[] = {"beta_0", "beta_1", "sigma", "log sigma"};
  for (size_t k = 0; k < series.size(); ++k) {
    sampler_test::expect_mean_within_errors(series[k], mean[k], who + " " + names[k] + " mean");
    auto dev = series[k];
    for (auto& chain : dev)
      for (auto& v : chain) v = (v - mean[k]) * (v - mean[k]);
    sampler_test::expect_mean_within_errors(dev, var[k], who + " " + names[k] + " variance");
  }
}

// Runs `sampler` (bayes/posterior_kernels.hpp) with 4 chains, each on its own
// potential, from theta = 0 (beta = 0, sigma = 1), and checks it against the reference.
void check_posterior_sampler(const std::string& sampler, const bayes::PosteriorSettings& s,
                             const bayes::WeightPotentialSettings& ws, int64_t warmup, int64_t samples) {
  const SampledNoiseRegression r;
  const int64_t chains = 4, dim = r.d + 1;
  int64_t beta = -1, log_sigma = -1;
  KernelChains set(chains, warmup, 31, [&](int64_t, Rng& rng) {
    Problem p = make_problem(r, ws);
    beta = p.beta, log_sigma = p.log_sigma;
    ChainParts parts;
    parts.kernel = bayes::make_posterior_kernel(sampler, s, *p.potential, std::vector<double>(dim, 0.0), rng);
    parts.potential = std::shared_ptr<bayes::WeightPotential>(std::move(p.potential));
    return parts;
  });
  DriverSettings ds;
  ds.warmup = warmup, ds.samples = samples, ds.progress = false;
  std::vector<std::vector<std::vector<double>>> series(r.d + 2, std::vector<std::vector<double>>(chains));
  run_chains(set, ds, [&](int64_t, int64_t count, const std::vector<double>& data) {
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t t = 0; t < count; ++t) {
        const double* q = data.data() + (c * count + t) * dim;
        for (int64_t j = 0; j < r.d; ++j) series[j][c].push_back(q[beta + j]);
        series[r.d][c].push_back(std::exp(q[log_sigma]));
        series[r.d + 1][c].push_back(q[log_sigma]);
      }
  });
  expect_reference_moments(r, series, sampler);
  int64_t accepted = 0, transitions = 0;
  for (int64_t c = 0; c < chains; ++c)
    accepted += set.chain(c).counters.accepted, transitions += set.chain(c).counters.transitions;
  std::cout << "[ info ] " << sampler << " acceptance " << static_cast<double>(accepted) / transitions << "\n";
}

TEST(BayesSampledNoiseReference, IsSelfConsistent) {
  const SampledNoiseRegression r;
  // Woodbury / determinant-lemma form against the n x n Cholesky.
  for (const double sigma : {0.2, 0.5, 1.3})
    EXPECT_NEAR(r.log_marginal(sigma), r.log_marginal_direct(sigma), 1e-9 * std::abs(r.log_marginal_direct(sigma)));
  // The prior in log sigma (with its Jacobian) is normalised on the grid.
  double z = 0.0;
  const int64_t m = 3000;
  const double lo = -30.0, hi = 3.0, h = (hi - lo) / (m - 1);
  for (int64_t i = 0; i < m; ++i) z += std::exp(r.log_half_normal(std::exp(lo + h * i)) + lo + h * i) * h;
  EXPECT_NEAR(z, 1.0, 1e-9);
  // Two resolutions in log sigma, and a quadrature in sigma itself, agree.
  const auto a = r.exact();
  const auto b = r.posterior(3000, -8.0, 3.0, true);
  const auto c = r.posterior(4000, 1e-3, 3.0, false);
  EXPECT_LT(a.edge_weight, 1e-12);
  EXPECT_LT(c.edge_weight, 1e-12);
  for (const auto* other : {&b, &c}) {
    EXPECT_NEAR(a.log_evidence, other->log_evidence, 1e-8);
    EXPECT_NEAR(a.sigma_mean, other->sigma_mean, 1e-9);
    EXPECT_NEAR(a.sigma_var, other->sigma_var, 1e-9);
    for (int64_t j = 0; j < r.d; ++j) EXPECT_NEAR(a.beta_mean[j], other->beta_mean[j], 1e-9);
    for (int64_t j = 0; j < r.d * r.d; ++j) EXPECT_NEAR(a.beta_cov[j], other->beta_cov[j], 1e-9);
  }
  // Not degenerate: sigma is uncertain and beta's variance exceeds the known-sigma one.
  EXPECT_GT(std::sqrt(a.sigma_var), 0.02);
  std::vector<double> mu, cov;
  r.conditional(a.sigma_mean, &mu, &cov);
  EXPECT_GT(a.beta_cov[0], cov[0]);
}

TEST(BayesSampledNoise, PotentialIsTheClosedForm) {
  const SampledNoiseRegression r;
  const Problem p = make_problem(r);
  ASSERT_EQ(p.potential->size(), r.d + 1);
  ASSERT_GE(p.log_sigma, 0);
  ASSERT_GE(p.beta, 0);
  Rng rng(4, 0);
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<double> theta(r.d + 1);
    for (auto& t : theta) t = 0.5 * rng.normal();
    const double u = theta[p.log_sigma], sigma = std::exp(u);
    // U = -log p_HN(sigma) - u - log N(beta; 0, s0^2) - sum_i log N(y_i; x_i beta, sigma^2)
    double exact = -r.log_half_normal(sigma) - u;
    for (int64_t j = 0; j < r.d; ++j) {
      const double b = theta[p.beta + j];
      exact += b * b / (2 * r.s0 * r.s0) + std::log(r.s0) + 0.5 * std::log(2 * M_PI);
    }
    for (int64_t i = 0; i < r.n; ++i) {
      double f = 0.0;
      for (int64_t j = 0; j < r.d; ++j) f += r.x[i * r.d + j] * theta[p.beta + j];
      exact += (r.y[i] - f) * (r.y[i] - f) / (2 * sigma * sigma) + u + 0.5 * std::log(2 * M_PI);
    }
    EXPECT_NEAR(p.potential->value(theta.data()), exact, 1e-10 * std::abs(exact));
    std::vector<double> g(theta.size());
    p.potential->gradient(theta.data(), g.data());
    for (size_t j = 0; j < theta.size(); ++j) {
      std::vector<double> a = theta, b = theta;
      const double eps = 1e-5;
      a[j] += eps, b[j] -= eps;
      const double fd = (p.potential->value(a.data()) - p.potential->value(b.data())) / (2 * eps);
      EXPECT_NEAR(g[j], fd, 1e-6 * (1.0 + std::abs(fd))) << "component " << j;
    }
  }
}

TEST(BayesSampledNoise, HmcMatchesTheQuadratureReference) {
  const auto start = std::chrono::steady_clock::now();
  const SampledNoiseRegression r;
  const auto exact = r.exact();
  const Problem p = make_problem(r);
  HmcChainSettings s;
  s.chains = 4;
  s.warmup = 150;
  s.seed = 21;
  s.path.step_size = 0.05;
  s.path.steps = 3;
  s.adapt_step_size = true;
  s.target_acceptance = 0.8;
  HmcChains chains(*p.potential, s);
  DriverSettings ds;
  ds.warmup = s.warmup;
  ds.samples = 500;
  ds.progress = false;
  const int64_t dim = r.d + 1;
  // series: beta_j, then sigma, then log sigma.
  std::vector<std::vector<std::vector<double>>> series(r.d + 2, std::vector<std::vector<double>>(s.chains));
  run_chains(chains, ds, [&](int64_t, int64_t count, const std::vector<double>& data) {
    for (int64_t c = 0; c < s.chains; ++c)
      for (int64_t t = 0; t < count; ++t) {
        const double* q = data.data() + (c * count + t) * dim;
        for (int64_t j = 0; j < r.d; ++j) series[j][c].push_back(q[p.beta + j]);
        series[r.d][c].push_back(std::exp(q[p.log_sigma]));
        series[r.d + 1][c].push_back(q[p.log_sigma]);
      }
  });
  std::vector<double> mean(exact.beta_mean), var;
  for (int64_t j = 0; j < r.d; ++j) var.push_back(exact.beta_cov[j * r.d + j]);
  mean.push_back(exact.sigma_mean), var.push_back(exact.sigma_var);
  mean.push_back(exact.log_sigma_mean), var.push_back(exact.log_sigma_var);
  const char* names[] = {"beta_0", "beta_1", "sigma", "log sigma"};
  for (size_t k = 0; k < series.size(); ++k) {
    sampler_test::expect_mean_within_errors(series[k], mean[k], std::string(names[k]) + " mean");
    auto dev = series[k];
    for (auto& chain : dev)
      for (auto& v : chain) v = (v - mean[k]) * (v - mean[k]);
    sampler_test::expect_mean_within_errors(dev, var[k], std::string(names[k]) + " variance");
  }
  int64_t accepted = 0, total = 0;
  for (int64_t c = 0; c < s.chains; ++c) accepted += chains.chain(c).accepted, total += chains.chain(c).trajectories;
  EXPECT_GT(static_cast<double>(accepted) / total, 0.6);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ info ] acceptance " << static_cast<double>(accepted) / total << ", " << seconds << " s\n";
}

}  // namespace
}  // namespace bbg

namespace bbg {
namespace {

// NUTS, full batch, adapted step and diagonal mass (bbg posterior's defaults).
TEST(BayesSampledNoise, NutsMatchesTheQuadratureReference) {
  bayes::PosteriorSettings s;
  check_posterior_sampler("nuts", s, {}, 200, 400);
}

// Penalty Metropolis on minibatches of 10 of the 40 data (independent batches, m = 8,
// the corrected penalty): exact for a Gaussian difference noise.
TEST(BayesSampledNoise, PenaltyMetropolisMatchesTheQuadratureReference) {
  bayes::PosteriorSettings s;
  s.penalty_scale = 0.05;
  s.penalty_minibatches = 8;
  bayes::WeightPotentialSettings ws;
  ws.batch_size = 20;
  ws.independent_batches = true;
  check_posterior_sampler("penalty", s, ws, 300, 1500);
}

}  // namespace
}  // namespace bbg
