// IsingSpinSystem: its flip differences equal differences of the tensor action,
// and the generic LocalMetropolisKernel driven only by them reproduces exact
// enumeration on 4x4 with a field (4 standard errors).
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/estimate/gamma_method.hpp"
#include "bbg/sampler/spin_kernels.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/targets/ising_spin_system.hpp"

namespace bbg {
namespace {

at::Tensor as_tensor(const std::vector<int8_t>& s, const std::vector<int64_t>& shape) {
  std::vector<int64_t> batch = {1};
  batch.insert(batch.end(), shape.begin(), shape.end());
  return at::tensor(std::vector<double>(s.begin(), s.end()), at::kDouble).reshape(batch);
}

TEST(IsingSpinSystem, FlipDifferenceIsTheActionDifference) {
  IsingTarget target({4, 6}, 0.37, 0.8, 0.15);
  IsingSpinSystem system(target);
  ASSERT_EQ(system.size(), 24);
  Rng rng(6, 0);
  std::vector<int8_t> s(24);
  for (auto& x : s) x = rng.uniform() < 0.5 ? 1 : -1;
  const double before = target.action(as_tensor(s, {4, 6})).item<double>();
  for (int64_t i = 0; i < 24; ++i) {
    auto flipped = s;
    flipped[i] = static_cast<int8_t>(-flipped[i]);
    const double after = target.action(as_tensor(flipped, {4, 6})).item<double>();
    const EnergyDifference d = system.flip_difference(s.data(), i);
    EXPECT_NEAR(d.delta, after - before, 1e-12) << "site " << i;
    EXPECT_EQ(d.variance, 0.0);
  }
}

TEST(IsingSpinSystem, LocalMetropolisMatchesEnumeration) {
  IsingTarget target({4, 4}, 0.3, 1.0, 0.1);
  const ExactResults exact = target.exact();
  IsingSpinSystem system(target);
  std::vector<std::vector<double>> m(4), energy(4);
  for (int c = 0; c < 4; ++c) {
    LocalMetropolisKernel kernel(system);
    Rng rng(61, c);
    SpinState state{std::vector<int8_t>(16, 1)};
    for (int t = 0; t < 200; ++t) kernel.step(state, rng);
    for (int t = 0; t < 10000; ++t) {
      kernel.step(state, rng);
      at::Tensor x = as_tensor(state.spins, {4, 4});
      m[c].push_back(x.mean().item<double>());
      energy[c].push_back(target.energy(x).item<double>() / 16.0);
    }
  }
  for (const auto& [name, series] : {std::pair{"m", &m}, std::pair{"energy", &energy}}) {
    const GammaResult g = gamma_method(*series);
    const double want = exact.observables.at(name);
    EXPECT_LT(std::abs(g.value - want), 4.0 * g.error) << name << ": " << g.value << " +- " << g.error << ", exact " << want;
  }
}

}  // namespace
}  // namespace bbg
