// Conformance of every registered model kind (model_registry.hpp): a config with
// only the kind gives a valid spec whose stored architecture round-trips, whose
// density is built by make_density and gives log_prob equal to the log q of its own
// samples, and whose training defaults are what [train] starts from.
#include "bbg/models/model_registry.hpp"

#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>

#include "bbg/core/config.hpp"
#include "bbg/models/density.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/train/train_settings.hpp"

namespace bbg {
namespace {

class ModelKind : public ::testing::TestWithParam<ModelKindInfo> {};

TEST_P(ModelKind, OnlyTheKindGivesAWorkingModel) {
  const ModelKindInfo& info = GetParam();
  Config c = Config::from_string("[model]\nkind = \"" + info.kind + "\"\n");
  const ModelSpec spec = ModelSpec::from_config(c.section("model"), {4, 4}, info.continuous, true);
  EXPECT_EQ(spec.kind, info.kind);
  EXPECT_TRUE(spec.z2);
  EXPECT_EQ(spec.is_flow(), info.continuous);
  EXPECT_EQ(spec.is_autoregressive(), !info.continuous);
  EXPECT_EQ(ModelSpec::from_json(spec.to_json()).to_json(), spec.to_json());
  EXPECT_EQ(spec.describe().rfind(info.kind + ": ", 0), 0u) << spec.describe();

  auto model = make_density(spec, 3);
  ASSERT_NE(model, nullptr);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
  auto [x, log_q] = model->sample(8, gen);
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{8, 4, 4}));
  EXPECT_TRUE(at::allclose(model->log_prob(x.detach()), log_q.detach(), 1e-9, 1e-9)) << info.kind;

  Config t = Config::from_string("[train]\n");
  const TrainSettings ts = TrainSettings::from_config(t.section("train"), 1, !info.continuous, "", info.kind);
  EXPECT_EQ(ts.objective, info.train_defaults.objective);
  EXPECT_DOUBLE_EQ(ts.learning_rate, info.train_defaults.learning_rate);
}

TEST(ModelRegistryTest, KindsAreUniqueAndListed) {
  std::vector<std::string> seen;
  for (const auto& info : model_registry()) {
    EXPECT_EQ(std::count(seen.begin(), seen.end(), info.kind), 0) << info.kind;
    seen.push_back(info.kind);
  }
  EXPECT_EQ(seen, model_kinds());
  EXPECT_THROW(model_kind_info("nope"), std::out_of_range);
}

INSTANTIATE_TEST_SUITE_P(Registry, ModelKind, ::testing::ValuesIn(model_registry()),
                         [](const auto& info) { return info.param.kind; });

}  // namespace
}  // namespace bbg
