// Autoregressive spin densities (MADE, PixelCNN, Z2-symmetrised): normalisation
// by enumeration, the autoregressive property from the Jacobian of the logits,
// sampling frequencies against q (chi-square), fast sampler == naive sampler,
// exact Z2 symmetry, save/load, [model] validation, and a short REINFORCE run.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "bbg/core/errors.hpp"
#include "bbg/models/autoregressive/autoregressive.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/train/objectives.hpp"
#include "flow_test_util.hpp"

namespace bbg {
namespace {

using test::randomize;

ModelSpec spin_spec(const std::string& toml, const std::vector<int64_t>& shape) {
  return test::spec_from(toml, shape, /*continuous=*/false);
}

std::shared_ptr<Autoregressive> make_ar(const ModelSpec& spec, uint64_t seed, double width) {
  auto model = std::dynamic_pointer_cast<Autoregressive>(make_density(spec));
  EXPECT_TRUE(model) << spec.kind;
  randomize(*model, seed, width);
  return model;
}

// All 2^N configurations [2^N, shape...]; configuration k has s_i = +1 where bit N-1-i of k is set.
at::Tensor all_configurations(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t l : shape) n *= l;
  const at::Tensor k = at::arange(int64_t{1} << n, at::kLong).unsqueeze(1);
  const at::Tensor bit = at::arange(n - 1, -1, -1, at::kLong).unsqueeze(0);
  const at::Tensor s = at::bitwise_and(at::bitwise_right_shift(k, bit), 1).to(at::kDouble) * 2.0 - 1.0;
  std::vector<int64_t> full = {int64_t{1} << n};
  full.insert(full.end(), shape.begin(), shape.end());
  return s.reshape(full);
}

at::Tensor configuration_index(const at::Tensor& x) {  // inverse of all_configurations
  const at::Tensor s = x.reshape({x.size(0), -1});
  const int64_t n = s.size(1);
  const at::Tensor weights = at::pow(2.0, at::arange(n - 1, -1, -1, at::kDouble));
  return at::round(at::mv((s + 1.0) / 2.0, weights)).to(at::kLong);
}

using ArCase = test::ModelCase;

std::vector<ArCase> ar_cases() {
  return {{"made_h1_direct_3x3", "kind = \"made\"\nhidden = [8]", {3, 3}},
          {"made_h1_nodirect_4x4", "kind = \"made\"\nhidden = [8]\ndirect = false", {4, 4}},
          {"made_h2_direct_4x4", "kind = \"made\"\nhidden = [12, 10]\nactivation = \"relu\"", {4, 4}},
          {"made_h2_nodirect_3x3", "kind = \"made\"\nhidden = [20, 6]\ndirect = false\nactivation = \"silu\"", {3, 3}},
          {"made_h0_3x3", "kind = \"made\"\nhidden = []", {3, 3}},
          {"made_3d", "kind = \"made\"\nhidden = [6]", {2, 2, 3}},
          {"made_z2_4x4", "kind = \"made\"\nhidden = [10, 10]\nz2 = true", {4, 4}},
          {"pixelcnn_3x3", "kind = \"pixelcnn\"\nlayers = 2\nwidth = 4", {3, 3}},
          {"pixelcnn_residual_4x4", "kind = \"pixelcnn\"\nlayers = 3\nwidth = 4\nresidual = true", {4, 4}},
          {"pixelcnn_k5_3x4", "kind = \"pixelcnn\"\nlayers = 2\nwidth = 3\nkernel = 5\nactivation = \"leaky_relu\"",
           {3, 4}},
          {"pixelcnn_z2_4x4", "kind = \"pixelcnn\"\nlayers = 2\nwidth = 4\nz2 = true\nresidual = true", {4, 4}}};
}

class AutoregressiveInvariants : public ::testing::TestWithParam<ArCase> {};

TEST_P(AutoregressiveInvariants, ProbabilitiesSumToOneByEnumeration) {
  auto model = make_ar(spin_spec(GetParam().toml, GetParam().shape), 3, 0.7);
  torch::NoGradGuard no_grad;
  const at::Tensor log_q = model->log_prob(all_configurations(GetParam().shape));
  EXPECT_NEAR(at::logsumexp(log_q, 0).item<double>(), 0.0, 1e-10);
  EXPECT_GT((log_q.max() - log_q.min()).item<double>(), 1.0);  // far from uniform: the check has teeth
}

// d logit_i / d x_j == 0 exactly for j >= i, and the net does use earlier sites.
TEST_P(AutoregressiveInvariants, LogitsDependOnEarlierSitesOnly) {
  auto model = make_ar(spin_spec(GetParam().toml, GetParam().shape), 4, 0.5);
  const int64_t n = model->event_size();
  std::vector<int64_t> shape = {1};
  shape.insert(shape.end(), GetParam().shape.begin(), GetParam().shape.end());
  auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
  const at::Tensor x = at::randn(shape, gen, at::TensorOptions().dtype(at::kDouble)).requires_grad_(true);
  const at::Tensor logits = model->logits(x);
  ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{1, n}));
  int64_t nonzero_before = 0;
  for (int64_t i = 0; i < n; ++i) {
    const at::Tensor g = torch::autograd::grad({logits[0][i]}, {x}, {}, /*retain_graph=*/true, false, true)[0];
    const at::Tensor row = g.defined() ? g.reshape({-1}) : at::zeros({n}, at::kDouble);
    for (int64_t j = i; j < n; ++j) EXPECT_EQ(row[j].item<double>(), 0.0) << "logit " << i << " reads site " << j;
    nonzero_before += (row.narrow(0, 0, i) != 0.0).sum().item<int64_t>();
    if (i == 1) {
      EXPECT_NE(row[0].item<double>(), 0.0) << "site 1 must see site 0";
    }
  }
  EXPECT_GT(nonzero_before, n - 1);
}

TEST_P(AutoregressiveInvariants, FastSamplerEqualsNaiveSamplerAndLogProb) {
  auto model = make_ar(spin_spec(GetParam().toml, GetParam().shape), 6, 0.8);
  auto gen_fast = at::make_generator<at::CPUGeneratorImpl>(42);
  auto gen_naive = at::make_generator<at::CPUGeneratorImpl>(42);
  torch::NoGradGuard no_grad;
  auto [x, log_q] = model->sample(300, gen_fast);
  auto [y, log_q_naive] = model->sample_naive(300, gen_naive);
  std::vector<int64_t> shape = {300};
  shape.insert(shape.end(), GetParam().shape.begin(), GetParam().shape.end());
  EXPECT_EQ(x.sizes(), at::IntArrayRef(shape));
  EXPECT_TRUE(at::equal(x, y));
  EXPECT_LT((log_q - log_q_naive).abs().max().item<double>(), 1e-12);
  EXPECT_LT((model->log_prob(x) - log_q).abs().max().item<double>(), 1e-12);
  EXPECT_TRUE(at::equal(x.abs(), at::ones_like(x)));  // exactly ±1
  EXPECT_GT(x.std().item<double>(), 0.1);
  // the same number of draws: the generators are in the same state afterwards
  EXPECT_TRUE(at::equal(at::rand({4}, gen_fast, at::kDouble), at::rand({4}, gen_naive, at::kDouble)));
}

TEST_P(AutoregressiveInvariants, SampleLogQIsDifferentiableWithGradients) {
  auto model = make_ar(spin_spec(GetParam().toml, GetParam().shape), 7, 0.5);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(8);
  EXPECT_FALSE(model->reparameterized());
  auto [x, log_q] = model->sample(16, gen);
  EXPECT_FALSE(x.requires_grad());
  ASSERT_TRUE(log_q.requires_grad());
  log_q.sum().backward();
  double norm = 0.0;
  for (const auto& p : model->parameters())
    if (p.grad().defined()) norm += p.grad().abs().sum().item<double>();
  EXPECT_GT(norm, 0.0);
}

TEST_P(AutoregressiveInvariants, SaveLoadRoundTripGivesIdenticalLogQ) {
  const ModelSpec spec = spin_spec(GetParam().toml, GetParam().shape);
  auto model = make_ar(spec, 9, 0.5);
  const std::string path = (std::filesystem::temp_directory_path() / ("bbg_ar_" + GetParam().name + ".pt")).string();
  save_model(*model, path);
  auto loaded = load_model(path, &spec);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(1);
  torch::NoGradGuard no_grad;
  const at::Tensor x = model->sample(32, gen).first;
  EXPECT_TRUE(at::equal(loaded->log_prob(x), model->log_prob(x)));
  EXPECT_EQ(loaded->spec().to_json(), spec.to_json());
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Autoregressive, AutoregressiveInvariants, ::testing::ValuesIn(ar_cases()),
                         [](const auto& info) { return info.param.name; });

// Chi-square goodness of fit of 2e5 draws against q on 3x3 (512 configurations),
// bins with expected count < 5 pooled into one. Critical value: the 0.999
// quantile of chi^2 with k = bins - 1 degrees of freedom by Wilson-Hilferty,
// k (1 - 2/(9k) + 3.0902 sqrt(2/(9k)))^3 (accurate to < 0.5% for k > 30).
struct ChiSquare {
  double statistic, critical;
  int64_t dof;
};

ChiSquare chi_square(const at::Tensor& counts, const at::Tensor& expected) {
  const at::Tensor small = expected < 5.0, big = small.logical_not();
  double chi2 = ((counts - expected).pow(2) / expected).masked_select(big).sum().item<double>();
  int64_t bins = big.sum().item<int64_t>();
  if (small.any().item<bool>()) {
    const double e = expected.masked_select(small).sum().item<double>();
    const double o = counts.masked_select(small).sum().item<double>();
    chi2 += (o - e) * (o - e) / e;
    bins += 1;
  }
  const double k = static_cast<double>(bins - 1), a = 2.0 / (9.0 * k);
  return {chi2, k * std::pow(1.0 - a + 3.0902 * std::sqrt(a), 3), bins - 1};
}

TEST(AutoregressiveSampling, FrequenciesMatchQChiSquare) {
  const std::vector<int64_t> shape = {3, 3};
  for (const std::string toml : {"kind = \"made\"\nhidden = [16, 16]", "kind = \"made\"\nhidden = [8]\nz2 = true",
                                 "kind = \"pixelcnn\"\nlayers = 2\nwidth = 4\nresidual = true"}) {
    auto model = make_ar(spin_spec(toml, shape), 11, 0.9);
    torch::NoGradGuard no_grad;
    const at::Tensor q = at::exp(model->log_prob(all_configurations(shape)));
    ASSERT_GT((q.max() / q.min()).item<double>(), 50.0) << toml;  // far from uniform
    const int64_t total = 200000, chunk = 50000;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(2024);
    at::Tensor counts = at::zeros({512}, at::kDouble);
    for (int64_t done = 0; done < total; done += chunk) {
      auto [x, log_q] = model->sample(chunk, gen);
      counts += at::bincount(configuration_index(x), {}, 512).to(at::kDouble);
    }
    const ChiSquare fit = chi_square(counts, q * static_cast<double>(total));
    EXPECT_LT(fit.statistic, fit.critical) << toml << " (" << fit.dof << " degrees of freedom)";
    EXPECT_GT(fit.dof, 150) << toml;
    // power: the same counts against the q of slightly different weights fail
    for (auto& p : model->parameters()) p.mul_(0.97);
    const at::Tensor q_other = at::exp(model->log_prob(all_configurations(shape)));
    const ChiSquare wrong = chi_square(counts, q_other * static_cast<double>(total));
    EXPECT_GT(wrong.statistic, wrong.critical) << toml;
    std::string label = toml;
    std::replace(label.begin(), label.end(), '\n', ' ');
    std::cout << label << ": chi2 " << fit.statistic << " (critical " << fit.critical << ", " << fit.dof
              << " dof); against 0.97 x weights " << wrong.statistic << "\n";
  }
}

TEST(AutoregressiveSymmetry, Z2SymmetrisedDensityIsExactlyEven) {
  for (const std::string kind : {"made", "pixelcnn"}) {
    const std::string body = "kind = \"" + kind + "\"\n" + (kind == "made" ? "hidden = [16]" : "layers = 2\nwidth = 4");
    auto sym = make_ar(spin_spec(body + "\nz2 = true", {4, 4}), 13, 0.8);
    auto plain = make_ar(spin_spec(body, {4, 4}), 13, 0.8);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
    torch::NoGradGuard no_grad;
    auto [x, log_q] = sym->sample(256, gen);
    EXPECT_TRUE(at::equal(sym->log_prob(-x), sym->log_prob(x))) << kind;
    // and the check can fail: the same weights without z2 give an asymmetric q
    EXPECT_GT((plain->log_prob(-x) - plain->log_prob(x)).abs().max().item<double>(), 1e-3) << kind;
    // q_sym = (q(s) + q(-s)) / 2 from the plain model's log q
    const at::Tensor expect = at::log((at::exp(plain->log_prob(x)) + at::exp(plain->log_prob(-x))) / 2.0);
    EXPECT_LT((sym->log_prob(x) - expect).abs().max().item<double>(), 1e-12) << kind;
    // the global flip is drawn: both signs of the magnetisation occur
    const at::Tensor m = x.reshape({256, -1}).sum(1);
    EXPECT_GT((m > 0).sum().item<int64_t>(), 64) << kind;
    EXPECT_GT((m < 0).sum().item<int64_t>(), 64) << kind;
  }
}

TEST(AutoregressiveFiles, LoadingIntoAnotherArchitectureIsAUserError) {
  const ModelSpec spec = spin_spec("kind = \"made\"\nhidden = [8]", {3, 3});
  const ModelSpec other = spin_spec("kind = \"made\"\nhidden = [6]", {3, 3});
  const ModelSpec pixel = spin_spec("kind = \"pixelcnn\"", {3, 3});
  auto model = make_density(spec);
  const std::string path = (std::filesystem::temp_directory_path() / "bbg_ar_arch.pt").string();
  save_model(*model, path);
  EXPECT_THROW(load_model(path, &other), UserError);
  EXPECT_THROW(load_model(path, &pixel), UserError);
  EXPECT_EQ(load_model(path)->spec().to_json(), spec.to_json());
  std::filesystem::remove(path);
}

TEST(AutoregressiveSpec, DefaultsJsonAndDescription) {
  const ModelSpec made = spin_spec("", {4, 4});  // spin targets default to made
  EXPECT_EQ(made.kind, "made");
  EXPECT_TRUE(made.is_autoregressive());
  EXPECT_FALSE(made.is_flow());
  EXPECT_EQ(made.hidden, (std::vector<int64_t>{128}));  // measured defaults, docs/defaults.md
  EXPECT_TRUE(made.direct);
  EXPECT_EQ(made.describe(), "made: hidden [128] tanh, direct");
  EXPECT_EQ(spin_spec("kind = \"made\"\nz2 = true", {4, 4}).describe(), "made: hidden [128] tanh, direct, Z2-symmetrised");
  const ModelSpec pixel = spin_spec("kind = \"pixelcnn\"", {4, 4});
  EXPECT_EQ(pixel.layers, 4);
  EXPECT_EQ(pixel.width, 32);
  EXPECT_EQ(pixel.kernel, 3);
  EXPECT_TRUE(pixel.residual);
  EXPECT_EQ(pixel.describe(), "pixelcnn: 4 layers, width 32 k=3 tanh, residual");
  for (const ModelSpec& s : {made, pixel}) EXPECT_EQ(ModelSpec::from_json(s.to_json()).to_json(), s.to_json());
  // keys missing from a stored architecture keep the values of the files written
  // before the measured defaults (width 16, no residual), so old checkpoints load
  // unchanged; flow JSON holds no autoregressive keys
  const ModelSpec sparse = ModelSpec::from_json("{\"kind\": \"pixelcnn\", \"shape\": [4, 4]}");
  EXPECT_EQ(sparse.width, 16);
  EXPECT_FALSE(sparse.residual);
  const ModelSpec flow = test::spec_from("layers = 2", {4, 4});
  EXPECT_EQ(flow.to_json().find("width"), std::string::npos);
  EXPECT_EQ(flow.to_json(),
            "{\"activation\":\"tanh\",\"base\":\"learnable_normal\",\"hidden\":[64],\"kernel\":3,\"kind\":\"affine_flow\","
            "\"layers\":2,\"net\":\"mlp\",\"shape\":[4,4],\"z2\":false}");
}

TEST(AutoregressiveSpec, ConfigErrorsNameKeyValueAndWhatIsAllowed) {
  auto message = [](const std::string& toml, std::vector<int64_t> shape, bool continuous = false) {
    return test::spec_error(toml, shape, continuous);
  };
  auto has = [](const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos ? ::testing::AssertionSuccess()
                                                : ::testing::AssertionFailure() << "\"" << text << "\"";
  };
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"", {16}), "model.kind = \"pixelcnn\": masked convolutions need a 2"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"", {4, 4, 4}), "this one has 3 dimensions"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"\nkernel = 4", {4, 4}), "model.kernel = 4: must be an odd number >= 3"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"\nkernel = 1", {4, 4}), "model.kernel = 1"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"\nwidth = 0", {4, 4}), "model.width = 0: must be >= 1"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"\nlayers = 0", {4, 4}), "model.layers = 0"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"\nhidden = [8]", {4, 4}), "model.hidden = [8]: not used by"));
  EXPECT_TRUE(has(message("kind = \"made\"", {4, 4}, true), "model.kind = \"made\": autoregressive models are for spin"));
  EXPECT_TRUE(has(message("kind = \"pixelcnn\"", {4, 4}, true), "fields need a flow"));
  EXPECT_TRUE(has(message("kind = \"affine_flow\"", {4, 4}, false), "continuous target"));
  EXPECT_TRUE(has(message("kind = \"made\"\nhidden = [0]", {4, 4}), "model.hidden = [0]"));
  EXPECT_TRUE(has(message("kind = \"made\"\nhidden = []\ndirect = false", {4, 4}), "model.direct = false"));
  EXPECT_TRUE(has(message("kind = \"made\"\nlayers = 4", {4, 4}), "model.layers = 4: not used by kind = \"made\""));
  EXPECT_TRUE(has(message("kind = \"made\"\nactivation = \"tan\"", {4, 4}), "model.activation"));
  EXPECT_TRUE(has(message("kind = \"mad\"", {4, 4}), "did you mean \"made\""));
  EXPECT_TRUE(has(message("residual = true", {4, 4}, true), "model.residual = true: not used by kind = \"affine_flow\""));
  // odd extents are fine for autoregressive models (no checkerboard)
  EXPECT_EQ(message("kind = \"pixelcnn\"", {5, 3}), "no error");
  EXPECT_EQ(message("kind = \"made\"", {7}), "no error");
}

// REINFORCE (the trainer's objective for these models) lowers F_q towards the
// exact F = -ln Z of a 3x3 Ising model at beta = 0.4 (ln Z by enumeration).
TEST(AutoregressiveTraining, ReinforceApproachesExactFreeEnergy) {
  const std::vector<int64_t> shape = {3, 3};
  IsingTarget target(shape, 0.4, 1.0, 0.0);
  torch::NoGradGuard outer;
  const double log_z = at::logsumexp(-target.action(all_configurations(shape)), 0).item<double>();
  for (const std::string toml : {"kind = \"made\"\nhidden = [16]\nz2 = true", "kind = \"pixelcnn\"\nlayers = 2\nwidth = 8"}) {
    auto model = make_density(spin_spec(toml, shape), 5);
    torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(2e-2));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(17);
    auto exact_fq = [&] {
      const at::Tensor x = all_configurations(shape);
      const at::Tensor log_q = model->log_prob(x);
      return (at::exp(log_q) * (log_q + target.action(x))).sum().item<double>();
    };
    const double before = exact_fq() + log_z;  // KL(q || p) >= 0
    {
      at::AutoGradMode grad(true);
      for (int step = 0; step < 150; ++step) {
        adam.zero_grad();
        reinforce(*model, target, 256, gen, 1.0).loss.backward();
        adam.step();
      }
    }
    const double after = exact_fq() + log_z;
    EXPECT_GE(after, -1e-12) << toml;
    EXPECT_LT(after, 0.2 * before) << toml;
    EXPECT_LT(after, 0.05) << toml;
  }
}

}  // namespace
}  // namespace bbg
