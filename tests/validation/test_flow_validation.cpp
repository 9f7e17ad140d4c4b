// Trained flows against exact results: free field (exact ln Z by the momentum
// sum) and interacting phi^4 (ln Z from the independent kappa integration, and
// HMC observables). Fixed seeds; every comparison at 4 standard errors.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "bbg/core/config.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/sample/model_sampler.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/train/trainer.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

struct Trained {
  std::shared_ptr<Density> model;
  TrainResult train;
};

Trained train_flow(const Target& target, const std::string& model_toml, const std::string& train_toml) {
  ProgressOptions quiet;
  quiet.enabled = false;
  set_global_progress_options(quiet);
  set_threads(1);
  Config c = Config::from_string("[model]\n" + model_toml + "\n[train]\n" + train_toml);
  const ModelSpec spec = ModelSpec::from_config(c.section("model"), target.event_shape(), true);
  const TrainSettings s = TrainSettings::from_config(c.section("train"), 7, false, "");
  Trained t{make_density(spec), {}};
  t.train = train_model(*t.model, target, s, {});
  return t;
}

TEST(FlowValidation, FreeFieldNisFreeEnergyMatchesExact) {
  Phi4Target target({8, 8}, 0.2, 0.0);
  const auto t0 = std::chrono::steady_clock::now();
  Trained t = train_flow(target, "layers = 6\nnet = \"mlp\"\nhidden = [64]\nz2 = true\nbase = \"learnable_normal\"",
                         "objective = \"reverse_kl_path\"\nsteps = 800\nbatch = 128\nlearning_rate = 5e-3\nlog_every = 100");
  const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  SampleSettings ss;
  ss.samples = 20000;
  const auto r = sample_model(*t.model, target, ss);
  const double exact_f = -*target.exact().log_z;
  std::cout << "train " << train_s << " s, sample " << r.seconds << " s; F = " << r.nis.f.value << " +- "
            << r.nis.f.error << " exact " << exact_f << "; ESS/N " << r.nis.ess_per_sample << "; F_q "
            << r.nis.f_q.value << "\n";
  EXPECT_LT(std::abs(r.nis.f.value - exact_f), testing::kSigmas * r.nis.f.error);
  EXPECT_GE(r.nis.ess_per_sample, 0.9);
  EXPECT_GT(r.nis.f_q.value, exact_f);  // variational bound
}

}  // namespace
}  // namespace bbg
