// Annealed importance sampling (snf/annealed_importance.hpp) against exact results:
// the free field's ln Z by the momentum sum, the identity with plain importance
// sampling at K = 1 without transitions, ESS growing with the number of stages, and
// the settings refused by name. Fixed seeds; comparisons with exact at 4 errors.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/sample/model_sampler.hpp"
#include "bbg/snf/anneal_base.hpp"
#include "bbg/snf/annealed_importance.hpp"
#include "bbg/snf/tensor_hmc.hpp"
#include "bbg/targets/phi4.hpp"

namespace bbg {
namespace {

constexpr double kSigmas = 4.0;

std::shared_ptr<Density> small_flow(const std::vector<int64_t>& shape) {
  Config c = Config::from_string("[model]\nlayers = 2\nnet = \"mlp\"\nhidden = [8]\nz2 = true\n");
  return make_density(ModelSpec::from_config(c.section("model"), shape, true), 5);
}

AisSettings settings(int64_t stages, int64_t samples, uint64_t seed) {
  AisSettings s;
  s.samples = samples;
  s.batch = samples;
  s.schedule = AnnealSchedule::linear(stages);
  s.steps_per_stage = 1;
  s.move.step_size = 0.5;
  s.move.leapfrog_steps = 2;
  s.seed = seed;
  return s;
}

void print(const char* what, const AisResult& r, double exact) {
  std::cout << what << ": ln Z " << r.nis.log_z.value << " +- " << r.nis.log_z.error << " (exact " << exact
            << "), ESS/N " << r.nis.ess_per_sample << ", acceptance at b = 1 " << r.acceptance.back() << ", "
            << r.seconds << " s\n";
}

// K = 1, n = 0: log w = -S(x) - log q(x) on the base's own draws, the NIS of
// sample_model bit for bit (same generator, same batches).
TEST(AnnealedImportance, OneStageWithoutTransitionsIsPlainImportanceSampling) {
  ProgressOptions quiet;
  quiet.enabled = false;
  set_global_progress_options(quiet);
  Phi4Target target({4, 4}, 0.2, 0.0);
  auto model = small_flow(target.event_shape());
  SampleSettings ss;
  ss.samples = 3000;
  ss.batch = 1000;
  ss.seed = 17;
  const auto nis = sample_model(*model, target, ss).nis;
  DensityBase base(model);
  AisSettings s = settings(1, 3000, 17);
  s.batch = 1000;
  s.steps_per_stage = 0;
  const AisResult ais = run_ais(base, target, s);
  EXPECT_EQ(ais.nis.log_z.value, nis.log_z.value);
  EXPECT_EQ(ais.nis.log_z.error, nis.log_z.error);
  EXPECT_EQ(ais.nis.ess_per_sample, nis.ess_per_sample);
  EXPECT_EQ(ais.nis.f_q.value, nis.f_q.value);
  EXPECT_EQ(ais.nis.observable("m2").value, nis.observable("m2").value);
  ASSERT_EQ(ais.acceptance.size(), 1u);
  EXPECT_TRUE(std::isnan(ais.acceptance[0]));
}

// The normal base: log w = ln Z_0 + S_0(x) - S(x) on x = randn from the same stream.
TEST(AnnealedImportance, OneStageNormalBaseWeightsAreTheImportanceWeights) {
  Phi4Target target({4, 4}, 0.2, 0.0);
  NormalBase base(target.event_shape());
  AisSettings s = settings(1, 500, 23);
  s.steps_per_stage = 0;
  s.keep = 500;
  const AisResult ais = run_ais(base, target, s);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(23);
  const at::Tensor x = at::randn({500, 4, 4}, gen, at::TensorOptions().dtype(at::kDouble));
  const at::Tensor log_q = -0.5 * (x * x).flatten(1).sum(1) - 8.0 * std::log(2.0 * M_PI);
  const at::Tensor lw = -target.action(x) - log_q;
  ASSERT_EQ(ais.log_weights.size(), 500u);
  for (int64_t i = 0; i < 500; ++i) {
    const double expected = lw[i].item<double>();
    EXPECT_NEAR(ais.log_weights[static_cast<size_t>(i)], expected, 1e-12 * std::abs(expected)) << i;
  }
}

TEST(AnnealedImportance, FreeFieldLogZWithinFourErrors) {
  Phi4Target target({8, 8}, 0.2, 0.0);
  const double exact = *target.exact().log_z;
  NormalBase base(target.event_shape());
  const AisResult r = run_ais(base, target, settings(64, 2000, 3));
  print("8x8 free field, K = 64", r, exact);
  EXPECT_GT(r.nis.log_z.error, 0.0);
  EXPECT_LT(std::abs(r.nis.log_z.value - exact), kSigmas * r.nis.log_z.error);
  EXPECT_GT(r.nis.f_q.value, -exact);  // the mean work bounds F from above
}

// A trained-style base (an untrained flow: any normalised q works) annealed to the target.
TEST(AnnealedImportance, FreeFieldLogZFromAFlowBaseWithinFourErrors) {
  Phi4Target target({4, 4}, 0.2, 0.0);
  const double exact = *target.exact().log_z;
  DensityBase base(small_flow(target.event_shape()));
  const AisResult r = run_ais(base, target, settings(16, 1000, 4));
  print("4x4 free field, flow base, K = 16", r, exact);
  EXPECT_LT(std::abs(r.nis.log_z.value - exact), kSigmas * r.nis.log_z.error);
}

TEST(AnnealedImportance, EssGrowsWithTheNumberOfStages) {
  Phi4Target target({4, 4}, 0.2, 0.0);
  NormalBase base(target.event_shape());
  double previous = 0.0;
  for (int64_t k : {2, 8, 32}) {
    const AisResult r = run_ais(base, target, settings(k, 2000, 8));
    print(("4x4 free field, K = " + std::to_string(k)).c_str(), r, *target.exact().log_z);
    EXPECT_GT(r.nis.ess_per_sample, previous) << "K = " << k;
    previous = r.nis.ess_per_sample;
  }
}

// At fixed b = 1 the batched HMC keeps the free field's equipartition <S>/V = 1/2.
TEST(AnnealedImportance, TensorHmcSamplesTheFreeField) {
  Phi4Target target({4, 4}, 0.2, 0.0);
  NormalBase base(target.event_shape());
  auto gen = at::make_generator<at::CPUGeneratorImpl>(31);
  const InterpolatedAction s1(base, target, 1.0);
  AnnealState state = s1.evaluate(base.sample(4000, gen).first);
  TensorHmcMove move{0.5, 3};
  int64_t accepted = 0;
  for (int t = 0; t < 60; ++t) accepted += tensor_hmc_step(s1, state, move, gen);
  const at::Tensor density = state.target_action / 16.0;
  const double mean = density.mean().item<double>();
  const double error = density.std().item<double>() / std::sqrt(4000.0);
  EXPECT_LT(std::abs(mean - 0.5), kSigmas * error) << mean << " +- " << error;
  EXPECT_GT(static_cast<double>(accepted) / (60.0 * 4000.0), 0.5);
}

TEST(AnnealedImportance, ScheduleValues) {
  EXPECT_EQ(AnnealSchedule::linear(4).values(), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(AnnealSchedule::power(4, 2.0).values(), (std::vector<double>{0.0, 0.0625, 0.25, 0.5625, 1.0}));
  EXPECT_EQ(AnnealSchedule({0.0, 0.3, 1.0}).stages(), 2);
}

void expect_refused(const AisSettings& s, const std::string& key) {
  Phi4Target target({4, 4}, 0.2, 0.0);
  NormalBase base(target.event_shape());
  try {
    run_ais(base, target, s);
    ADD_FAILURE() << key << " accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), key) << e.what();
  }
}

TEST(AnnealedImportance, BadSettingsAreRefusedByName) {
  AisSettings s = settings(4, 10, 1);
  s.samples = 0;
  expect_refused(s, "ais.samples");
  s = settings(4, 10, 1);
  s.batch = -1;
  expect_refused(s, "ais.batch");
  s = settings(4, 10, 1);
  s.steps_per_stage = -1;
  expect_refused(s, "ais.steps_per_stage");
  s = settings(4, 10, 1);
  s.move.step_size = 0.0;
  expect_refused(s, "ais.step_size");
  s = settings(4, 10, 1);
  s.move.step_size = std::nan("");
  expect_refused(s, "ais.step_size");
  s = settings(4, 10, 1);
  s.move.leapfrog_steps = 0;
  expect_refused(s, "ais.leapfrog_steps");
  for (const auto& b : std::vector<std::vector<double>>{{0.0}, {0.1, 1.0}, {0.0, 0.9}, {0.0, 0.5, 0.5, 1.0}}) {
    try {
      AnnealSchedule schedule(b);
      ADD_FAILURE() << "schedule accepted";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.key(), "ais.schedule") << e.what();
    }
  }
  EXPECT_THROW(AnnealSchedule::linear(0), ConfigError);
  EXPECT_THROW(AnnealSchedule::power(4, -1.0), ConfigError);
  Phi4Target target({4, 4}, 0.2, 0.0);
  NormalBase wrong({4, 5});
  EXPECT_THROW(run_ais(wrong, target, settings(4, 10, 1)), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
