// The training loop's guards: non-finite steps never reach the weights, a run
// of them stops with a clear error, and schedules behave as documented.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/train/trainer.hpp"
#include "bbg/train/training_data.hpp"

namespace bbg {
namespace {

// phi^4 whose action is NaN on the calls listed (counting every action() call).
class FlakyTarget : public Phi4Target {
 public:
  FlakyTarget(int64_t nan_from, int64_t nan_to) : Phi4Target({4, 4}, 0.2, 0.022), from_(nan_from), to_(nan_to) {}
  at::Tensor action(const at::Tensor& x) const override {
    const int64_t call = calls_++;
    at::Tensor s = Phi4Target::action(x);
    return (call >= from_ && call < to_) ? s * std::nan("") : s;
  }

 private:
  int64_t from_, to_;
  mutable int64_t calls_ = 0;
};

TrainSettings settings(const std::string& toml) {
  Config c = Config::from_string("[train]\n" + toml);
  return TrainSettings::from_config(c.section("train"), 3, false, "");
}

ModelSpec small_flow() {
  Config c = Config::from_string("[model]\nlayers = 2\nhidden = [8]");
  return ModelSpec::from_config(c.section("model"), {4, 4}, true);
}

void quiet() {
  ProgressOptions p;
  p.enabled = false;
  set_global_progress_options(p);
}

TEST(TrainerGuard, NonFiniteStepsAreSkippedWithoutTouchingTheWeights) {
  quiet();
  // log_every large: action() is called once per step, so calls 5..7 are steps 5..7 (three skipped tries)
  FlakyTarget target(5, 8);
  auto model = make_density(small_flow(), 1);
  const TrainResult r = train_model(*model, target, settings("steps = 20\nbatch = 16\nlog_every = 1000"), {});
  EXPECT_EQ(r.steps, 20);
  EXPECT_EQ(r.skipped, 3);
  for (const auto& p : model->parameters()) EXPECT_TRUE(at::isfinite(p).all().item<bool>());
}

TEST(TrainerGuard, PersistentNaNStopsWithAClearErrorAndKeepsTheCheckpoint) {
  quiet();
  FlakyTarget target(10, 1 << 30);
  auto model = make_density(small_flow(), 1);
  const auto dir = std::filesystem::temp_directory_path() / "bbg_trainer_guard";
  std::filesystem::create_directories(dir);
  const TrainFiles files{(dir / "ckpt.pt").string(), (dir / "train.h5").string(), "fingerprint"};
  std::vector<at::Tensor> before;
  try {
    train_model(*model, target,
                settings("steps = 50\nbatch = 16\nlog_every = 1000\ncheckpoint_every = 5\nmax_bad_steps = 4"), files);
    FAIL() << "expected training to stop";
  } catch (const UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("training stopped at step 10"), std::string::npos) << msg;
    EXPECT_NE(msg.find("4 consecutive steps"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ckpt.pt"), std::string::npos) << msg;
  }
  for (const auto& p : model->parameters()) EXPECT_TRUE(at::isfinite(p).all().item<bool>());
  // the checkpoint of step 10 loads and holds the same finite weights
  auto stored = load_model(files.checkpoint, &model->spec());
  auto a = model->parameters(), b = stored->parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(at::equal(a[i], b[i]));
  std::filesystem::remove_all(dir);
}

TEST(TrainSchedules, CosineStepAndAnnealingFollowTheirFormulas) {
  TrainSettings s = settings("steps = 100\nlearning_rate = 0.01\nschedule = \"cosine\"\nmin_learning_rate = 0.001");
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 0), 0.01);
  EXPECT_NEAR(learning_rate_at(s, 50), 0.0055, 1e-15);
  EXPECT_NEAR(learning_rate_at(s, 100), 0.001, 1e-15);
  s = settings("learning_rate = 0.01\nschedule = \"step\"\nschedule_step = 10\nschedule_gamma = 0.5");
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 9), 0.01);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 25), 0.0025);
  s = settings("anneal_beta_start = 0.2\nanneal_steps = 10");
  EXPECT_DOUBLE_EQ(beta_at(s, 0), 0.2);
  EXPECT_NEAR(beta_at(s, 5), 0.6, 1e-15);
  EXPECT_DOUBLE_EQ(beta_at(s, 50), 1.0);
}

TEST(TrainSettingsErrors, NameKeyValueAndWhatIsAllowed) {
  auto message = [](const std::string& toml) {
    try {
      settings(toml);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("objective = \"reverse-kl\"").find("did you mean \"reverse_kl\""), std::string::npos);
  EXPECT_NE(message("batch = 1").find("train.batch = 1: must be >= 2"), std::string::npos);
  EXPECT_NE(message("learning_rate = -1").find("train.learning_rate"), std::string::npos);
  EXPECT_NE(message("objective = \"forward_kl\"").find("train.data"), std::string::npos);
  EXPECT_NE(message("anneal_beta_start = 0").find("(0, 1]"), std::string::npos);
  EXPECT_NE(message("holdout = 0.3").find("train.holdout = 0.3: only applies to objective = \"forward_kl\""),
            std::string::npos);
  EXPECT_NE(message("objective = \"forward_kl\"\ndata = \"x.h5\"\nholdout = 1").find("[0, 1)"), std::string::npos);
  EXPECT_DOUBLE_EQ(settings("objective = \"forward_kl\"\ndata = \"x.h5\"").holdout, 0.25);
  EXPECT_DOUBLE_EQ(settings("").holdout, 0.0);
}

TEST(ChainSplit, HoldsOutTheLastChainsAndNeverAllOfThem) {
  EXPECT_EQ(split_chains(64, 0.25, "f.h5").train, 48);
  EXPECT_EQ(split_chains(64, 0.25, "f.h5").heldout(), 16);
  EXPECT_EQ(split_chains(8, 0.0, "f.h5").train, 8);
  EXPECT_EQ(split_chains(8, 0.01, "f.h5").heldout(), 1);  // at least one chain when holdout > 0
  EXPECT_EQ(split_chains(3, 0.5, "f.h5").train, 1);
  try {
    split_chains(1, 0.25, "f.h5");
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("train.holdout = 0.25"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("none to train on"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace bbg
