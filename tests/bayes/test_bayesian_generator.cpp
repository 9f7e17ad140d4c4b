// Bayesian generators (docs/bayesian_generators.md): the posterior over a density
// model's weights and what its draws give. CI-sized, fixed seeds; statistical checks
// at 4 standard errors against exact results (free-field ln Z, Ising enumeration).
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/bayes/draw_set_analysis.hpp"
#include "bbg/bayes/generator_posterior.hpp"
#include "bbg/bayes/gibbs_potential.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/estimate/consistency.hpp"
#include "bbg/estimate/epistemic_split.hpp"
#include "bbg/models/mixture_density.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/train/trainer.hpp"

namespace bbg {
namespace {

void quiet() {
  ProgressOptions p;
  p.enabled = false;
  set_global_progress_options(p);
}

ModelSpec spec(const std::string& toml, const std::vector<int64_t>& shape, bool continuous) {
  Config c = Config::from_string("[model]\n" + toml);
  return ModelSpec::from_config(c.section("model"), shape, continuous);
}

TrainSettings train(const std::string& toml, bool discrete) {
  Config c = Config::from_string("[train]\n" + toml);
  return TrainSettings::from_config(c.section("train"), 5, discrete, "");
}

std::vector<double> weights(Density& model) {
  std::vector<double> theta(static_cast<size_t>(bayes::layout_of(model).size));
  bayes::read_parameters(model, theta.data());
  return theta;
}

// Every configuration of a 2x2 Ising lattice as a [16, 2, 2] tensor of ±1.
at::Tensor all_spins_2x2() {
  at::Tensor x = at::empty({16, 2, 2}, at::kDouble);
  for (int s = 0; s < 16; ++s)
    for (int i = 0; i < 4; ++i) x[s][i / 2][i % 2] = (s >> i) & 1 ? 1.0 : -1.0;
  return x;
}

TEST(Consistency, ChiSquareSurvivalMatchesClosedForms) {
  // Q(1, x) = e^{-x}; Q(1/2, x) = erfc(sqrt(x)); Q(3, x) = e^{-x} (1 + x + x^2 / 2).
  for (double x : {0.1, 0.7, 2.0, 9.0, 30.0}) {
    EXPECT_NEAR(regularized_gamma_q(1.0, x), std::exp(-x), 1e-13 * std::max(1.0, std::exp(-x) * 1e3));
    EXPECT_NEAR(regularized_gamma_q(0.5, x), std::erfc(std::sqrt(x)), 1e-12);
    EXPECT_NEAR(regularized_gamma_q(3.0, x), std::exp(-x) * (1 + x + x * x / 2), 1e-12);
  }
}

TEST(Consistency, WeightedMeanChiSquareAndKnownValue) {
  const ConsistencyResult r = consistency({1.0, 2.0, 4.0}, {1.0, 1.0, 2.0});
  // mu = (1 + 2 + 1) / (1 + 1 + 1/4) = 16/9; chi2 = (7/9)^2 + (2/9)^2 + ((20/9)/2)^2
  EXPECT_NEAR(r.mean, 16.0 / 9.0, 1e-14);
  EXPECT_NEAR(r.mean_error, 1.0 / std::sqrt(2.25), 1e-14);
  EXPECT_NEAR(r.chi2, (49.0 + 4.0 + 100.0) / 81.0, 1e-13);
  EXPECT_EQ(r.dof, 2);
  EXPECT_NEAR(r.p_value, std::exp(-r.chi2 / 2), 1e-13);  // Q(1, chi2 / 2)
  const ConsistencyResult k = consistency({1.0, 3.0, std::nan("")}, {1.0, 1.0, 1.0}, 2.0);
  EXPECT_EQ(k.dof, 2);
  EXPECT_EQ(k.skipped, 1);
  EXPECT_NEAR(k.chi2, 2.0, 1e-14);
}

TEST(EpistemicSplit, LawOfTotalVarianceParts) {
  // values 1, 3 (mean 2, across-draw variance 2), errors 1, 0 -> aleatoric variance 1/2
  const EpistemicSplit s = epistemic_split({1.0, 3.0}, {1.0, 0.0});
  EXPECT_DOUBLE_EQ(s.mean, 2.0);
  EXPECT_DOUBLE_EQ(s.sd_across, std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(s.sd_aleatoric, std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(s.sd_epistemic, std::sqrt(1.5));
  EXPECT_DOUBLE_EQ(s.sd_total, std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(s.mean_error, 1.0);
  // Spread below the Monte Carlo noise: no epistemic part.
  EXPECT_DOUBLE_EQ(epistemic_split({1.0, 1.1}, {1.0, 1.0}).sd_epistemic, 0.0);
}

TEST(MixtureDensity, NormalisedAverageOfItsComponentsAndSamplesFromIt) {
  quiet();
  const ModelSpec s = spec("kind = \"made\"\nhidden = [8]", {2, 2}, false);
  auto a = make_density(s, 1), b = make_density(s, 2);
  {
    torch::NoGradGuard no_grad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(9);
    for (auto& p : b->parameters()) p.add_(at::randn(p.sizes(), gen, at::kDouble));
  }
  MixtureDensity mix({a, b});
  torch::NoGradGuard no_grad;
  const at::Tensor x = all_spins_2x2();
  const at::Tensor q = mix.log_prob(x).exp();
  const at::Tensor expected = 0.5 * (a->log_prob(x).exp() + b->log_prob(x).exp());
  EXPECT_LT((q - expected).abs().max().item<double>(), 1e-12);
  EXPECT_NEAR(q.sum().item<double>(), 1.0, 1e-12);
  // Frequencies of 40000 draws against q_bar: Pearson chi-square with 15 dof.
  auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
  auto [draws, log_q] = mix.sample(40000, gen);
  EXPECT_LT((log_q - mix.log_prob(draws)).abs().max().item<double>(), 1e-12);
  std::vector<double> count(16, 0.0);
  const at::Tensor bits = ((draws.reshape({-1, 4}) + 1) / 2).to(at::kLong);
  for (int64_t n = 0; n < 40000; ++n) {
    int s_index = 0;
    for (int i = 0; i < 4; ++i) s_index |= static_cast<int>(bits[n][i].item<int64_t>()) << i;
    count[s_index] += 1;
  }
  double chi2 = 0.0;
  for (int s_index = 0; s_index < 16; ++s_index) {
    const double e = 40000 * q[s_index].item<double>();
    chi2 += (count[s_index] - e) * (count[s_index] - e) / e;
  }
  EXPECT_GT(regularized_gamma_q(7.5, chi2 / 2), 1e-4) << "chi2 = " << chi2;
}

TEST(DrawSetAnalysis, DivergedDrawsAreLeftOutAndListed) {
  quiet();
  auto target = std::make_shared<IsingTarget>(std::vector<int64_t>{2, 2}, 0.3, 1.0, 0.0);
  const ModelSpec s = spec("kind = \"made\"\nhidden = [8]", {2, 2}, false);
  auto good = make_density(s, 1), diverged = make_density(s, 2), also_good = make_density(s, 3);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : diverged->parameters()) p.fill_(std::nan(""));
  }
  SampleSettings ss;
  ss.samples = 500;
  ss.batch = 500;
  ss.bins = 10;
  const bayes::DrawSetAnalysis a = bayes::analyse_draw_set({good, diverged, also_good}, *target, ss, at::Tensor());
  ASSERT_EQ(a.failed.size(), 1u);
  EXPECT_EQ(a.failed[0].first, 1);
  EXPECT_EQ(a.draws.size(), 2u);
  ASSERT_TRUE(a.has_mixture);
  EXPECT_TRUE(std::isfinite(a.mixture.sample.nis.log_z.value));
  const bayes::DrawSetAnalysis none = bayes::analyse_draw_set({diverged}, *target, ss, at::Tensor());
  EXPECT_FALSE(none.has_mixture);
  EXPECT_TRUE(none.draws.empty());
}

TEST(GibbsPotential, TotalGradientIsTheDerivativeOfTheBatchEnergy) {
  quiet();
  auto target = std::make_shared<Phi4Target>(std::vector<int64_t>{4, 4}, 0.2, 0.0);
  auto model = make_density(spec("layers = 2\nhidden = [8]", {4, 4}, true), 1);
  {
    torch::NoGradGuard no_grad;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(4);
    for (auto& p : model->parameters()) p.add_(0.1 * at::randn(p.sizes(), gen, at::kDouble));
  }
  const std::vector<double> theta = weights(*model);
  bayes::GibbsPotentialSettings gs;
  gs.lambda = 3.0;
  gs.batch = 64;
  gs.gradient = "total";
  bayes::GibbsPotential u(model, target, bayes::GaussianPrior::fixed(bayes::layout_of(*model), 2.0), gs, 11);
  std::vector<double> g(theta.size());
  u.gradient(theta.data(), g.data());
  // Central differences along three coordinates and one random direction.
  Rng rng(5);
  std::vector<double> dir(theta.size());
  for (auto& d : dir) d = rng.normal();
  const double h = 1e-5;
  auto along = [&](const std::vector<double>& d) {
    std::vector<double> plus = theta, minus = theta;
    for (size_t i = 0; i < d.size(); ++i) plus[i] += h * d[i], minus[i] -= h * d[i];
    return (u.value(plus.data()) - u.value(minus.data())) / (2 * h);
  };
  double directional = 0.0;
  for (size_t i = 0; i < g.size(); ++i) directional += g[i] * dir[i];
  EXPECT_NEAR(along(dir), directional, 1e-5 * std::max(1.0, std::abs(directional)));
  for (size_t i : {size_t{0}, theta.size() / 2, theta.size() - 1}) {
    std::vector<double> e(theta.size(), 0.0);
    e[i] = 1.0;
    EXPECT_NEAR(along(e), g[i], 1e-5 * std::max(1.0, std::abs(g[i])));
  }
  // The path gradient estimates the same derivative of F_q: on a large batch the two agree.
  bayes::GibbsPotentialSettings path = gs;
  path.gradient = "path";
  path.batch = 20000;
  gs.batch = 20000;
  bayes::GibbsPotential u_path(model, target, bayes::GaussianPrior::fixed(bayes::layout_of(*model), 2.0), path, 12);
  bayes::GibbsPotential u_total(model, target, bayes::GaussianPrior::fixed(bayes::layout_of(*model), 2.0), gs, 13);
  std::vector<double> gp(theta.size()), gt(theta.size());
  u_path.gradient(theta.data(), gp.data());
  u_total.gradient(theta.data(), gt.data());
  double dot = 0, np = 0, nt = 0;
  for (size_t i = 0; i < gp.size(); ++i) dot += gp[i] * gt[i], np += gp[i] * gp[i], nt += gt[i] * gt[i];
  EXPECT_GT(dot / std::sqrt(np * nt), 0.9);
}

// Runs the chains of one generator posterior and analyses K of its draws.
struct GeneratorCase {
  bayes::PosteriorRunResult chains;
  bayes::DrawSetAnalysis analysis;
};

GeneratorCase run_case(const bayes::GeneratorPosteriorProblem& problem, const ModelSpec& s, const Target& target,
                       const std::string& sampler, const bayes::PosteriorSettings& ps, int64_t k, int64_t m) {
  GeneratorCase out;
  out.chains = bayes::run_generator_posterior(problem, ps, sampler, "", false);
  std::vector<std::shared_ptr<Density>> models;
  const int64_t p = out.chains.parameters;
  for (int64_t i = 0; i < k; ++i) {  // the last kept draw of each chain, then the one before, ...
    const auto& w = out.chains.weights[i % ps.chains];
    const int64_t kept = static_cast<int64_t>(w.size()) / p;
    auto model = make_density(s, 0);
    bayes::write_parameters(*model, w.data() + (kept - 1 - i / ps.chains) * p);
    models.push_back(model);
  }
  SampleSettings ss;
  ss.samples = m;
  ss.batch = 2000;
  ss.bins = 50;
  ss.seed = 77;
  out.analysis = bayes::analyse_draw_set(models, target, ss, at::Tensor());
  return out;
}

void expect_draws_reweight_to_exact(const bayes::DrawSetAnalysis& a, double exact_log_z, double exact_obs,
                                    const std::string& obs) {
  std::vector<double> v, e, plain, plain_e;
  for (const auto& d : a.draws) {
    v.push_back(d.sample.nis.log_z.value);
    e.push_back(d.sample.nis.log_z.error);
    EXPECT_LT(std::abs(d.sample.nis.log_z.value - exact_log_z), 4 * d.sample.nis.log_z.error)
        << "NIS ln Z of one draw: " << d.sample.nis.log_z.value << " +- " << d.sample.nis.log_z.error;
    const auto& o = d.sample.nis.observable(obs);
    EXPECT_LT(std::abs(o.value - exact_obs), 4 * o.error) << obs << " by NIS: " << o.value << " +- " << o.error;
    // the plain ln Z = -F_q is a lower bound on ln Z
    EXPECT_LT(-d.sample.nis.f_q.value, exact_log_z + 4 * d.sample.nis.f_q.error);
    plain.push_back(d.sample.variational.observable(obs).value);
    plain_e.push_back(d.sample.variational.observable(obs).error);
  }
  const ConsistencyResult across = consistency(v, e);
  EXPECT_EQ(across.dof, static_cast<int64_t>(a.draws.size()) - 1);
  EXPECT_GT(across.p_value, 1e-3) << "chi2 = " << across.chi2;
  const ConsistencyResult vs_exact = consistency(v, e, exact_log_z);
  EXPECT_GT(vs_exact.p_value, 1e-3) << "chi2 vs exact = " << vs_exact.chi2;
  // q_bar's NIS ln Z within 4 errors of exact
  const Estimate& mix = a.mixture.sample.nis.log_z;
  EXPECT_LT(std::abs(mix.value - exact_log_z), 4 * mix.error) << mix.value << " +- " << mix.error;
  // The surrogate's bias: the plain ln Z = -F_q lies below ln Z by KL(q || p) > 0, far beyond its error.
  std::vector<double> plain_log_z, plain_log_z_error;
  for (const auto& d : a.draws)
    plain_log_z.push_back(-d.sample.nis.f_q.value), plain_log_z_error.push_back(d.sample.nis.f_q.error);
  const EpistemicSplit plain_z = epistemic_split(plain_log_z, plain_log_z_error);
  EXPECT_GT(exact_log_z - plain_z.mean, 4 * plain_z.sd_aleatoric / std::sqrt(static_cast<double>(a.draws.size())));
  // The plain estimates differ from draw to draw: their spread is reported and finite.
  const EpistemicSplit split = epistemic_split(plain, plain_e);
  EXPECT_TRUE(std::isfinite(split.sd_across));
  EXPECT_GT(split.sd_across, 0.0);
  EXPECT_TRUE(std::isfinite(split.sd_total));
}

// A problem whose chains start at `trained` under a fan-in prior of scale 1.
bayes::GeneratorPosteriorProblem problem_for(const std::string& posterior, const ModelSpec& s,
                                             const std::shared_ptr<Target>& target, Density& trained) {
  bayes::GeneratorPosteriorProblem problem;
  problem.posterior = posterior;
  problem.make_model = [s] { return make_density(s, 0); };
  problem.target = target;
  problem.make_prior = [](const bayes::ParameterLayout& l) { return bayes::GaussianPrior::fan_in(l, 1.0); };
  problem.start = weights(trained);
  return problem;
}

TEST(BayesianGenerator, FreeField8x8VariationalPosteriorDrawsReweightToExactLnZ) {
  quiet();
  auto target = std::make_shared<Phi4Target>(std::vector<int64_t>{8, 8}, 0.2, 0.0);
  const double exact = *target->exact().log_z;
  const ModelSpec s = spec("layers = 4\nhidden = [16]", {8, 8}, true);
  auto trained = make_density(s, 1);
  train_model(*trained, *target, train("steps = 300\nbatch = 128\nlearning_rate = 3e-3\nlog_every = 1000", false), {});

  bayes::GeneratorPosteriorProblem problem = problem_for("variational", s, target, *trained);
  problem.gibbs.lambda = 1000.0;
  problem.gibbs.batch = 64;
  problem.record_batch = 128;
  bayes::PosteriorSettings ps;
  ps.chains = 2;
  ps.warmup = 20;
  ps.samples = 40;
  ps.weight_thin = 20;
  ps.sgld_step_size = 2e-6;
  const GeneratorCase c = run_case(problem, s, *target, "sgld", ps, 4, 4000);
  EXPECT_EQ(c.chains.draws, 40);
  expect_draws_reweight_to_exact(c.analysis, exact, target->exact().observables.at("m2"), "m2");
}

TEST(BayesianGenerator, Ising4x4DataPosteriorDrawsReweightToEnumeration) {
  quiet();
  auto target = std::make_shared<IsingTarget>(std::vector<int64_t>{4, 4}, 0.3, 1.0, 0.0);
  const auto ex = target->exact();
  const ModelSpec s = spec("kind = \"made\"\nhidden = [32]", {4, 4}, false);
  auto trained = make_density(s, 1);
  train_model(*trained, *target, train("steps = 300\nbatch = 256\nlearning_rate = 5e-3\nlog_every = 1000", true), {});
  // D: 500 independent configurations of p, drawn from the trained model and reweighted
  // would be circular; draw them from the exact distribution of the enumeration instead.
  at::Tensor all = at::empty({65536, 4, 4}, at::kDouble);
  {
    auto a = all.accessor<double, 3>();
    for (int st = 0; st < 65536; ++st)
      for (int i = 0; i < 16; ++i) a[st][i / 4][i % 4] = (st >> i) & 1 ? 1.0 : -1.0;
  }
  const at::Tensor logp = -target->action(all);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(21);
  const at::Tensor pick = at::multinomial((logp - logp.max()).exp(), 500, true, gen);
  bayes::GeneratorPosteriorProblem problem = problem_for("data", s, target, *trained);
  problem.data = all.index_select(0, pick).contiguous();
  problem.record_batch = 128;
  bayes::PosteriorSettings ps;
  ps.chains = 2;
  ps.warmup = 50;
  ps.samples = 100;
  ps.weight_thin = 50;
  ps.batch_size = 100;
  ps.sghmc_learning_rate = 1e-5;
  const GeneratorCase c = run_case(problem, s, *target, "sghmc", ps, 4, 4000);
  for (size_t k = 0; k < c.chains.records.size(); ++k)  // the data term is recorded: mean log q over D
    EXPECT_TRUE(std::isfinite(c.chains.records[k][2]));
  expect_draws_reweight_to_exact(c.analysis, *ex.log_z, ex.observables.at("abs_m"), "abs_m");
}

// Full-batch HMC (Metropolis-adjusted, step and mass adapted) on the same data posterior:
// exact for p(theta | D), so its draws too must reweight to the enumeration.
TEST(BayesianGenerator, Ising4x4DataPosteriorByFullBatchHmc) {
  quiet();
  auto target = std::make_shared<IsingTarget>(std::vector<int64_t>{4, 4}, 0.3, 1.0, 0.0);
  const auto ex = target->exact();
  const ModelSpec s = spec("kind = \"made\"\nhidden = [8]", {4, 4}, false);
  auto trained = make_density(s, 1);
  train_model(*trained, *target, train("steps = 200\nbatch = 256\nlearning_rate = 5e-3\nlog_every = 1000", true), {});
  bayes::GeneratorPosteriorProblem problem = problem_for("data", s, target, *trained);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(8);
  auto [d, log_q] = trained->sample(300, gen);  // D: any configurations work for the exactness of NIS
  problem.data = d.detach().contiguous();
  problem.record_batch = 64;
  bayes::PosteriorSettings ps;
  ps.chains = 2;
  ps.warmup = 40;
  ps.samples = 20;
  ps.weight_thin = 10;
  ps.hmc_step_size = 0.01;
  ps.hmc_trajectory_length = 0.1;
  const GeneratorCase c = run_case(problem, s, *target, "hmc", ps, 4, 4000);
  EXPECT_TRUE(c.chains.adjusted);
  EXPECT_GT(c.chains.accepted, 0);
  expect_draws_reweight_to_exact(c.analysis, *ex.log_z, ex.observables.at("abs_m"), "abs_m");
}

}  // namespace
}  // namespace bbg
