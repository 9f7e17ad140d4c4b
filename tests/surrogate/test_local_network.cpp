// The local neural surrogate: the torch module (training) and the plain C++ evaluator (the
// Monte Carlo's inner loop) give the same energy; the evaluator's incremental flip difference
// equals the difference of two full energies; the energy is even under s -> -s; bad
// specifications are refused with the field named.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "bbg/bayes/noise_scale_module.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/surrogate/local_network.hpp"
#include "bbg/surrogate/local_network_energy.hpp"

namespace bbg {
namespace {

struct Case {
  int64_t length, radius;
  std::vector<int64_t> hidden;
  std::string activation;
};

class LocalNetworkTest : public ::testing::TestWithParam<Case> {};

TEST_P(LocalNetworkTest, EvaluatorMatchesModuleAndFlipDifferences) {
  const Case c = GetParam();
  torch::manual_seed(3);
  LocalNetworkSpec spec;
  spec.length = c.length;
  spec.radius = c.radius;
  spec.hidden = c.hidden;
  spec.activation = c.activation;
  spec.output_scale = 0.7;
  // Inside the learned-noise wrapper, as the posterior runs it (log_sigma first in theta).
  torch::nn::AnyModule net = bayes::with_learned_noise(make_local_network(spec), 0.5);
  const bayes::ParameterLayout layout = bayes::layout_of(*net.ptr());
  std::vector<double> theta(layout.size);
  bayes::read_parameters(*net.ptr(), theta.data());
  for (double& t : theta) t *= 3.0;  // away from the small initial weights, so that nonlinearity matters
  bayes::write_parameters(*net.ptr(), theta.data());
  const LocalNetworkEnergy energy(spec, layout, theta.data());

  Rng rng(11, 0);
  const int64_t n = c.length * c.length;
  at::Tensor x = at::empty({5, c.length, c.length}, at::kDouble);
  for (int64_t b = 0; b < 5; ++b)
    for (int64_t i = 0; i < n; ++i) x[b][i / c.length][i % c.length] = rng.uniform() < 0.5 ? 1.0 : -1.0;
  torch::NoGradGuard no_grad;
  const at::Tensor out = net.forward(x);  // [5, 2]: energy, log sigma
  for (int64_t b = 0; b < 5; ++b) {
    std::vector<double> s(x[b].contiguous().data_ptr<double>(), x[b].contiguous().data_ptr<double>() + n);
    const double e = energy.energy(s.data());
    EXPECT_NEAR(e, out[b][0].item<double>(), 1e-10 * (1.0 + std::abs(e)));
    std::vector<double> minus(s);
    for (double& v : minus) v = -v;
    EXPECT_NEAR(energy.energy(minus.data()), e, 1e-10 * (1.0 + std::abs(e)));  // particle-hole even
    for (int64_t k : {int64_t{0}, n / 2 + 1, n - 1}) {
      std::vector<double> t(s);
      t[k] = -t[k];
      EXPECT_NEAR(energy.flip_difference(s.data(), k), energy.energy(t.data()) - e, 1e-10 * (1.0 + std::abs(e)));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, LocalNetworkTest,
                         ::testing::Values(Case{4, 1, {8}, "tanh"}, Case{6, 2, {5, 3}, "silu"}, Case{5, 1, {}, "tanh"},
                                           Case{7, 3, {4}, "relu"}));

TEST(LocalNetwork, RefusesBadSpecifications) {
  LocalNetworkSpec spec;
  spec.length = 4;
  spec.radius = 2;  // a 5x5 window on a 4x4 lattice
  try {
    spec.validate();
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("radius = 2"), std::string::npos) << e.what();
  }
  spec.radius = 1;
  spec.activation = "sigmoid";
  EXPECT_THROW(spec.validate(), std::invalid_argument);
  spec.activation = "tanh";
  spec.hidden = {0};
  EXPECT_THROW(spec.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
