// One conformance test over the target registry: every registered target builds
// from its example section, measures every primary with shape [B], and for
// continuous targets force = autograd = finite differences, and the native kernel
// (if any) agrees with the tensor action and force.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/lattice.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/targets/registry.hpp"

namespace bbg {
// Short test names in ctest output.
void PrintTo(const TargetInfo& info, std::ostream* os) { *os << info.kind; }

namespace {

class TargetConformance : public ::testing::TestWithParam<TargetInfo> {
 protected:
  std::shared_ptr<Target> make() {
    Config c = Config::from_string("[target]\n" + GetParam().example);
    auto t = make_target(c.section("target"));
    c.check_all_used();
    return t;
  }
  at::Tensor random_batch(const Target& t, int64_t b) {
    std::vector<int64_t> shape = {b};
    for (int64_t l : t.event_shape()) shape.push_back(l);
    at::manual_seed(42);
    if (t.discrete()) return at::randint(0, 2, shape, at::kDouble) * 2.0 - 1.0;
    return at::randn(shape, at::kDouble);
  }
};

TEST_P(TargetConformance, MeasuresEveryPrimaryPerSample) {
  auto t = make();
  EXPECT_EQ(t->kind(), GetParam().kind);
  at::Tensor x = random_batch(*t, 5);
  EXPECT_EQ(t->action(x).sizes(), at::IntArrayRef({5}));
  const auto primaries = t->primaries();
  const auto measured = t->measure(x);
  ASSERT_EQ(measured.size(), primaries.size());
  for (size_t i = 0; i < primaries.size(); ++i) {
    EXPECT_EQ(measured[i].first, primaries[i].name);
    EXPECT_EQ(measured[i].second.sizes(), at::IntArrayRef({5})) << primaries[i].name;
  }
  for (const auto& d : t->derived())
    for (const auto& in : d.inputs) {
      bool found = false;
      for (const auto& p : primaries) found |= p.name == in;
      EXPECT_TRUE(found) << d.name << " needs unknown primary " << in;
    }
  EXPECT_NO_THROW(t->exact());
}

TEST_P(TargetConformance, ForceEqualsAutogradAndFiniteDifferences) {
  auto t = make();
  if (t->discrete()) GTEST_SKIP() << "discrete target";
  at::Tensor x = random_batch(*t, 3);
  at::Tensor analytic = t->force(x), autograd = t->autograd_force(x);
  EXPECT_TRUE(at::allclose(analytic, autograd, 1e-10, 1e-10)) << (analytic - autograd).abs().max().item<double>();
  // central differences, step 1e-5: truncation error O(h^2 S''') ~ 1e-9
  at::Tensor flat = x.reshape({3, -1});
  const int64_t n = flat.size(1);
  const double h = 1e-5;
  for (int64_t i = 0; i < n; i += std::max<int64_t>(1, n / 7)) {
    at::Tensor up = flat.clone(), down = flat.clone();
    up.select(1, i).add_(h);
    down.select(1, i).sub_(h);
    at::Tensor fd = (t->action(up.reshape(x.sizes())) - t->action(down.reshape(x.sizes()))) / (2 * h);
    at::Tensor g = analytic.reshape({3, -1}).select(1, i);
    EXPECT_TRUE(at::allclose(fd, g, 1e-6, 1e-6)) << "site " << i << ": " << (fd - g).abs().max().item<double>();
  }
}

TEST_P(TargetConformance, NativeKernelAgreesWithTensors) {
  auto t = make();
  const Potential* k = t->kernel();
  if (!k) GTEST_SKIP() << "no native kernel";
  at::Tensor x = random_batch(*t, 2).contiguous();
  at::Tensor s = t->action(x), f = t->force(x).contiguous();
  const int64_t n = k->size();
  ASSERT_EQ(n, t->event_size());
  for (int64_t b = 0; b < 2; ++b) {
    const double* xb = x.data_ptr<double>() + b * n;
    EXPECT_NEAR(k->value(xb), s[b].item<double>(), 1e-10 * (1 + std::abs(s[b].item<double>())));
    std::vector<double> g(n), p(n, 1.0), scratch(n);
    k->gradient(xb, g.data());
    k->kick(xb, p.data(), 0.5, scratch.data());
    for (int64_t i = 0; i < n; ++i) {
      const double expected = f.data_ptr<double>()[b * n + i];
      EXPECT_NEAR(g[i], expected, 1e-10 * (1 + std::abs(expected)));
      EXPECT_NEAR(p[i], 1.0 - 0.5 * expected, 1e-10 * (1 + std::abs(expected)));
    }
  }
}

TEST_P(TargetConformance, SpinActionMatchesBondSum) {
  auto t = make();
  if (t->kind() != "ising") GTEST_SKIP() << "not a bond-sum spin model";
  at::Tensor s = random_batch(*t, 4).contiguous();
  Lattice lattice(t->event_shape());
  double beta = 0, j = 0, h = 0;
  for (const auto& [k, v] : t->parameters()) (k == "beta" ? beta : k == "J" ? j : h) = v;
  at::Tensor action = t->action(s);
  for (int64_t b = 0; b < 4; ++b) {
    const double* sb = s.data_ptr<double>() + b * lattice.volume();
    double e = 0;
    for (int64_t i = 0; i < lattice.volume(); ++i) {
      for (int64_t a = 0; a < lattice.dim(); ++a) e -= j * sb[i] * sb[lattice.forward(i, a)];
      e -= h * sb[i];
    }
    EXPECT_NEAR(action[b].item<double>(), beta * e, 1e-12);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, TargetConformance, ::testing::ValuesIn(target_registry()),
                         [](const ::testing::TestParamInfo<TargetInfo>& info) { return info.param.kind; });

}  // namespace
}  // namespace bbg
