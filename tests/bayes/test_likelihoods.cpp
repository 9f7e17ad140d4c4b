// The likelihood families (likelihood.hpp, classification_likelihood.hpp,
// density_likelihood.hpp) against hand-computed per-datum values, their autograd
// gradients against central finite differences, their predictive mean and
// aleatoric variance; the half-normal prior on a log scale (gaussian_prior.hpp)
// against its closed form, normalisation and finite-difference gradient.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <memory>

#include "bbg/bayes/classification_likelihood.hpp"
#include "bbg/bayes/density_likelihood.hpp"
#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/noise_scale_module.hpp"
#include "bbg/bayes/parameter_layout.hpp"

namespace bbg {
namespace {

const double kHalfLog2Pi = 0.5 * std::log(2.0 * M_PI);

at::Tensor tensor(std::vector<double> v, std::vector<int64_t> shape) {
  return torch::tensor(v, torch::kDouble).reshape(shape);
}

void expect_values(const at::Tensor& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.dim(), 1) << what;
  ASSERT_EQ(got.size(0), static_cast<int64_t>(want.size())) << what;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i].item<double>(), want[i], 1e-12 * (1.0 + std::abs(want[i]))) << what << " datum " << i;
}

// d(sum_i log p_i)/d output by autograd against central differences, element by element.
void expect_gradient(const bayes::Likelihood& lik, const at::Tensor& output, const at::Tensor& target) {
  const at::Tensor f = output.clone().requires_grad_(true);
  const at::Tensor g = torch::autograd::grad({lik.log_likelihood(f, target).sum()}, {f})[0];
  torch::NoGradGuard no_grad;
  const at::Tensor flat = output.flatten();
  for (int64_t j = 0; j < flat.numel(); ++j) {
    const double eps = 1e-6;
    at::Tensor a = output.clone(), b = output.clone();
    a.view(-1)[j] += eps;
    b.view(-1)[j] -= eps;
    const double fd =
        (lik.log_likelihood(a, target).sum().item<double>() - lik.log_likelihood(b, target).sum().item<double>()) /
        (2 * eps);
    EXPECT_NEAR(g.flatten()[j].item<double>(), fd, 1e-7 * (1.0 + std::abs(fd))) << lik.describe() << " element " << j;
  }
}

TEST(BayesLikelihoods, GaussianWithSampledNoise) {
  const bayes::GaussianLearnedNoiseLikelihood lik;
  // [mean, log sigma]: sigma = 0.5 and 2.
  const at::Tensor out = tensor({1.0, std::log(0.5), 2.0, std::log(2.0)}, {2, 2});
  const at::Tensor y = tensor({1.5, 1.0}, {2, 1});
  expect_values(lik.log_likelihood(out, y),
                {-0.25 / (2 * 0.25) - std::log(0.5) - kHalfLog2Pi, -1.0 / (2 * 4.0) - std::log(2.0) - kHalfLog2Pi},
                "sampled noise");
  expect_gradient(lik, out, y);
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  EXPECT_DOUBLE_EQ(m[1][0].item<double>(), 2.0);
  EXPECT_NEAR(v[0][0].item<double>(), 0.25, 1e-14);
  EXPECT_NEAR(v[1][0].item<double>(), 4.0, 1e-14);
  EXPECT_THROW(lik.log_likelihood(tensor({1.0, 2.0}, {2, 1}), y), std::invalid_argument);  // no log sigma column
}

TEST(BayesLikelihoods, HeteroscedasticGaussian) {
  const bayes::HeteroscedasticGaussianLikelihood lik;
  // [mean, log variance] per datum.
  const at::Tensor out = tensor({0.2, -1.0, -0.4, 0.7, 3.0, 0.0}, {3, 2});
  const at::Tensor y = tensor({0.5, -0.4, 1.0}, {3});
  expect_values(lik.log_likelihood(out, y),
                {-0.09 / (2 * std::exp(-1.0)) + 0.5 - kHalfLog2Pi, -0.35 - kHalfLog2Pi, -2.0 - kHalfLog2Pi},
                "heteroscedastic");
  expect_gradient(lik, out, y);
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  EXPECT_DOUBLE_EQ(m[0][0].item<double>(), 0.2);
  EXPECT_NEAR(v[0][0].item<double>(), std::exp(-1.0), 1e-14);
  EXPECT_NEAR(v[2][0].item<double>(), 1.0, 1e-14);
  EXPECT_THROW(lik.log_likelihood(tensor({0.2, -1.0, 0.3}, {1, 3}), tensor({0.5}, {1})), std::invalid_argument);
}

TEST(BayesLikelihoods, GaussianFixedNoisePredictive) {
  const bayes::GaussianLikelihood lik(0.3);
  const at::Tensor out = tensor({1.0, -2.0}, {2, 1});
  expect_values(lik.log_likelihood(out, tensor({1.2, -2.0}, {2, 1})),
                {-0.04 / (2 * 0.09) - std::log(0.3) - kHalfLog2Pi, -std::log(0.3) - kHalfLog2Pi}, "fixed");
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  EXPECT_DOUBLE_EQ(m[1][0].item<double>(), -2.0);
  EXPECT_NEAR(v[1][0].item<double>(), 0.09, 1e-15);
}

TEST(BayesLikelihoods, Bernoulli) {
  const bayes::BernoulliLikelihood lik;
  const at::Tensor out = tensor({0.3, -1.2, 4.0}, {3, 1});
  const at::Tensor y = tensor({1.0, 0.0, 0.0}, {3, 1});
  // y log p + (1 - y) log(1 - p), p = 1 / (1 + e^-l)
  const auto p = [](double l) { return 1.0 / (1.0 + std::exp(-l)); };
  expect_values(lik.log_likelihood(out, y), {std::log(p(0.3)), std::log(1 - p(-1.2)), std::log(1 - p(4.0))},
                "Bernoulli");
  expect_gradient(lik, out, y);
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  EXPECT_NEAR(m[0][0].item<double>(), p(0.3), 1e-15);
  EXPECT_NEAR(v[1][0].item<double>(), p(-1.2) * (1 - p(-1.2)), 1e-15);
  // A large logit stays finite (softplus, not log(1 - p)).
  EXPECT_NEAR(lik.log_likelihood(tensor({800.0}, {1}), tensor({0.0}, {1}))[0].item<double>(), -800.0, 1e-9);
}

TEST(BayesLikelihoods, Categorical) {
  const bayes::CategoricalLikelihood lik(3);
  const at::Tensor out = tensor({1.0, 2.0, 0.5, -1.0, 0.0, 3.0}, {2, 3});
  const at::Tensor y = tensor({1.0, 0.0}, {2});
  const double z0 = std::exp(1.0) + std::exp(2.0) + std::exp(0.5), z1 = std::exp(-1.0) + 1.0 + std::exp(3.0);
  expect_values(lik.log_likelihood(out, y), {2.0 - std::log(z0), -1.0 - std::log(z1)}, "categorical");
  expect_gradient(lik, out, y);
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  ASSERT_EQ(m.size(1), 3);
  EXPECT_NEAR(m[0][2].item<double>(), std::exp(0.5) / z0, 1e-15);
  EXPECT_NEAR(m[1].sum().item<double>(), 1.0, 1e-15);
  EXPECT_NEAR(v[1][2].item<double>(), std::exp(3.0) / z1 * (1 - std::exp(3.0) / z1), 1e-15);
  EXPECT_THROW(lik.log_likelihood(tensor({1.0, 2.0}, {1, 2}), tensor({0.0}, {1})), std::invalid_argument);
  EXPECT_THROW(bayes::CategoricalLikelihood(1), std::invalid_argument);
}

TEST(BayesLikelihoods, DensityModel) {
  const bayes::DensityLikelihood lik;
  const at::Tensor out = tensor({-1.5, 0.25, -3.0}, {3, 1});  // log q(x_i)
  const at::Tensor unused = torch::zeros({3, 0}, torch::kDouble);
  expect_values(lik.log_likelihood(out, unused), {-1.5, 0.25, -3.0}, "density");
  expect_gradient(lik, out, unused);
  at::Tensor m, v;
  lik.predictive(out, &m, &v);
  EXPECT_NEAR(m[1][0].item<double>(), std::exp(0.25), 1e-15);
  EXPECT_EQ(v.abs().sum().item<double>(), 0.0);
  EXPECT_THROW(lik.log_likelihood(tensor({1.0, 2.0}, {1, 2}), unused), std::invalid_argument);
}

TEST(BayesLikelihoods, NoiseScaleModuleAppendsLogSigma) {
  auto linear = torch::nn::Linear(2, 1);
  linear->to(torch::kDouble);
  torch::nn::AnyModule net = bayes::with_learned_noise(torch::nn::AnyModule(linear), 0.4);
  const auto layout = bayes::layout_of(*net.ptr());
  ASSERT_EQ(layout.tensors.size(), 3u);
  EXPECT_EQ(layout.tensors[0].name, bayes::kLogSigmaParameter);
  EXPECT_EQ(layout.tensors[1].name, "net.weight");
  const at::Tensor x = tensor({1.0, 2.0, -1.0, 0.5, 0.0, 3.0}, {3, 2});
  const at::Tensor out = net.forward(x);
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{3, 2}));
  EXPECT_NEAR((out.select(1, 0) - linear->forward(x).squeeze(1)).abs().max().item<double>(), 0.0, 1e-15);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(out[i][1].item<double>(), std::log(0.4), 1e-15);
  EXPECT_THROW(bayes::with_learned_noise(torch::nn::AnyModule(linear), 0.0), std::invalid_argument);
}

// -------------------------------------------------------------- prior

TEST(BayesPrior, HalfNormalOnLogSigmaIsTheClosedForm) {
  auto linear = torch::nn::Linear(2, 1);
  const auto layout = bayes::layout_of(*bayes::with_learned_noise(torch::nn::AnyModule(linear)).ptr());
  const double s = 0.7, s_sigma = 1.3;
  auto prior = bayes::GaussianPrior::fixed(layout, s);
  prior.set_half_normal_log_scale(bayes::kLogSigmaParameter, s_sigma);
  EXPECT_EQ(prior.kinds()[0], bayes::TensorPriorKind::kHalfNormalLogScale);
  EXPECT_EQ(prior.kinds()[1], bayes::TensorPriorKind::kGaussian);
  EXPECT_NE(prior.describe().find("exp(log_sigma) ~ HalfNormal(1.3)"), std::string::npos) << prior.describe();
  EXPECT_NE(prior.describe().find("net.weight: N(0, 0.7^2) x 2"), std::string::npos) << prior.describe();
  // theta = [log sigma, w0, w1, b]
  const std::vector<double> theta = {-0.4, 0.3, -1.1, 0.6};
  const double sigma = std::exp(theta[0]);
  // -log [ p_HN(sigma) sigma ] with p_HN = sqrt(2/pi)/s exp(-sigma^2/(2 s^2)), plus three N(0, s^2)
  double gaussian_part = 0.0;
  for (int j = 1; j < 4; ++j) gaussian_part += theta[j] * theta[j] / (2 * s * s) + std::log(s) + kHalfLog2Pi;
  const double exact =
      gaussian_part - (std::log(std::sqrt(2.0 / M_PI) / s_sigma) - sigma * sigma / (2 * s_sigma * s_sigma) + theta[0]);
  EXPECT_NEAR(prior.neg_log_density(theta.data()), exact, 1e-13);
  // gradient, times a factor, by central differences
  std::vector<double> g(4, 1.0);
  prior.add_gradient(theta.data(), 0.5, g.data());
  for (int j = 0; j < 4; ++j) {
    std::vector<double> a = theta, b = theta;
    a[j] += 1e-6, b[j] -= 1e-6;
    const double fd = (prior.neg_log_density(a.data()) - prior.neg_log_density(b.data())) / 2e-6;
    EXPECT_NEAR(g[j], 1.0 + 0.5 * fd, 1e-8) << "component " << j;
  }
  // exp(-U) restricted to log sigma integrates to 1 (the Jacobian makes it a density in log sigma).
  double z = 0.0;
  const double lo = -30.0, hi = 3.0, h = 1e-3;
  std::vector<double> q = theta;
  for (double u = lo; u <= hi; u += h) {
    q[0] = u;
    z += std::exp(-(prior.neg_log_density(q.data()) - gaussian_part)) * h;
  }
  EXPECT_NEAR(z, 1.0, 1e-6);
  EXPECT_THROW(prior.set_half_normal_log_scale("sigma", 1.0), std::invalid_argument);
  EXPECT_THROW(prior.set_half_normal_log_scale(bayes::kLogSigmaParameter, -1.0), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
