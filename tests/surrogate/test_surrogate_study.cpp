// The surrogate study on the 4x4 Falicov–Kimball model (U = 4, T = 0.15) against exact
// enumeration, 4 standard errors: the exact methods (exact Metropolis, delayed acceptance,
// the cumulative update, the generative proposal) agree with it; delayed acceptance and the cumulative update call
// the exact energy less often; the draws method reports an epistemic spread.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <cmath>

#include "bbg/surrogate/surrogate_study.hpp"
#include "bbg/targets/falicov_kimball.hpp"

namespace bbg {
namespace {

// A training pool: configurations of p drawn from the enumeration's own weights.
at::Tensor enumeration_pool(const FalicovKimballTarget& target, int64_t size) {
  at::Tensor all = at::empty({65536, 4, 4}, at::kDouble);
  {
    auto a = all.accessor<double, 3>();
    for (int st = 0; st < 65536; ++st)
      for (int i = 0; i < 16; ++i) a[st][i / 4][i % 4] = (st >> i) & 1 ? 1.0 : -1.0;
  }
  const at::Tensor s = target.action(all);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
  return all.index_select(0, at::multinomial((s.min() - s).exp(), size, true, gen));
}

TEST(SurrogateStudy, FalicovKimball4x4ExactMethodsMatchEnumeration) {
  const FalicovKimballTarget target({4, 4}, 1.0 / 0.15, 1.0, 4.0, std::nullopt);
  const auto exact = target.exact();
  const at::Tensor pool = enumeration_pool(target, 800);
  SurrogateSettings settings;
  settings.methods = {"exact", "draws", "delayed", "cumulative", "generative"};
  settings.generative_train_steps = 300;
  settings.train_configurations = 400;
  settings.draws = 4;
  settings.chains = 4;
  settings.warmup = 100;
  settings.sweeps = 1500;
  const SurrogateStudy study = run_surrogate_study(target, settings, pool);
  EXPECT_EQ(study.fit.data, 400);
  EXPECT_LT(study.fit.holdout_rmse, 1.0);  // in units of the action, whose spread over p is several
  const double e_exact = exact.observables.at("energy");
  int64_t exact_calls = 0;
  for (const MethodResult& m : study.methods) {
    const MethodObservable& e = m.observables.front();
    ASSERT_EQ(e.name, "energy");
    if (m.method == "draws") {
      EXPECT_TRUE(std::isfinite(e.epistemic));
      EXPECT_GE(e.epistemic, 0.0);
      EXPECT_EQ(m.exact_evaluations, 0);
      continue;
    }
    EXPECT_LT(std::abs(e.value - e_exact), 4 * e.error) << m.method << ": " << e.value << " +- " << e.error;
    if (m.method == "exact")
      exact_calls = m.exact_evaluations;
    else
      EXPECT_LT(m.exact_evaluations, exact_calls) << m.method;
  }
}

TEST(SurrogateStudy, FalicovKimball4x4NeuralSurrogateExactMethodsMatchEnumeration) {
  const FalicovKimballTarget target({4, 4}, 1.0 / 0.15, 1.0, 4.0, std::nullopt);
  const double e_exact = target.exact().observables.at("energy");
  const at::Tensor pool = enumeration_pool(target, 800);
  SurrogateSettings settings;
  settings.methods = {"exact", "draws", "penalty", "delayed", "cumulative"};
  settings.surrogates = {"network"};
  settings.train_configurations = 400;
  settings.draws = 4;
  settings.warmup = 100;
  settings.sweeps = 1500;
  settings.network_hidden = {8};
  settings.network_posterior.samplers = {"ensemble", "sghmc"};
  settings.network_posterior.ensemble_steps = 600;
  settings.network_posterior.map_steps = 600;
  settings.network_posterior.warmup = 100;
  settings.network_posterior.samples = 100;
  const SurrogateStudy study = run_surrogate_study(target, settings, pool);
  ASSERT_EQ(study.networks.size(), 2u);
  for (const NetworkFit& f : study.networks) {
    EXPECT_EQ(f.members, 4);
    EXPECT_LT(f.holdout_rmse, 1.0) << f.name;  // the labels' spread over p is several units
    EXPECT_GT(f.noise_sigma, 0.0) << f.name;
  }
  int64_t exact_calls = 0;
  for (const MethodResult& m : study.methods) {
    const MethodObservable& e = m.observables.front();
    if (m.method == "exact") exact_calls = m.exact_evaluations;
    if (m.method == "draws") {
      EXPECT_GE(e.epistemic, 0.0) << m.surrogate;
      continue;
    }
    if (m.method == "penalty") continue;  // biased by the surrogate's error, like the mean
    EXPECT_LT(std::abs(e.value - e_exact), 4 * e.error) << m.method << "/" << m.surrogate << ": " << e.value;
    if (m.method != "exact") EXPECT_LT(m.exact_evaluations, exact_calls) << m.method << "/" << m.surrogate;
  }
  EXPECT_EQ(study.methods.size(), 1u + 4u * 2u);
}

}  // namespace
}  // namespace bbg
