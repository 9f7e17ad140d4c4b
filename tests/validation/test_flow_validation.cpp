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
#include "bbg/estimate/chain_analysis.hpp"
#include "bbg/mcmc/free_energy.hpp"
#include "bbg/mcmc/hmc.hpp"
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
  Trained t{make_density(spec, 7), {}};
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

// Interacting phi^4 (the demo point): NIS ln Z against the independent kappa
// integration, reweighted observables against HMC, both at 4 combined errors.
TEST(FlowValidation, Phi4NisAgreesWithKappaIntegrationAndHmc) {
  Phi4Target target({8, 8}, 0.2, 0.022);
  Trained t = train_flow(target, "layers = 6\nnet = \"mlp\"\nhidden = [64]\nz2 = true\nbase = \"learnable_normal\"",
                         "objective = \"reverse_kl_path\"\nsteps = 800\nbatch = 128\nlearning_rate = 5e-3\nlog_every = 200");
  SampleSettings ss;
  ss.samples = 20000;
  ss.seed = 11;
  const auto r = sample_model(*t.model, target, ss);

  FreeEnergySettings fe;
  fe.steps = 8;
  fe.hmc.chains = 4;
  fe.hmc.warmup = 200;
  fe.hmc.samples = 1000;
  fe.hmc.seed = 5;
  const FreeEnergyResult z = integrate_free_energy(target, fe);
  const double combined = std::hypot(z.error, r.nis.log_z.error);
  EXPECT_LT(std::abs(r.nis.log_z.value - z.log_z), testing::kSigmas * combined)
      << "NIS " << r.nis.log_z.value << " +- " << r.nis.log_z.error << ", kappa integration " << z.log_z << " +- "
      << z.error;

  HmcSettings hs;
  hs.chains = 4;
  hs.warmup = 300;
  hs.samples = 4000;
  hs.seed = 9;
  const auto hmc = analyze_chains(target, run_hmc(target, hs).record);
  for (const char* name : {"abs_m", "m2", "chi", "action_density"}) {
    const auto& h = testing::find_estimate(hmc, name).stats;
    const auto& q = r.nis.observable(name);
    EXPECT_LT(std::abs(q.value - h.value), testing::kSigmas * std::hypot(q.error, h.error))
        << name << ": NIS " << q.value << " +- " << q.error << ", HMC " << h.value << " +- " << h.error;
    const auto& m = r.nmcmc.observable(name);
    EXPECT_LT(std::abs(m.value - h.value), testing::kSigmas * std::hypot(m.error, h.error))
        << name << ": NMCMC " << m.value << " +- " << m.error << ", HMC " << h.value << " +- " << h.error;
  }
  EXPECT_GT(r.nis.ess_per_sample, 0.5);  // a trained sampler, not a lucky one
}

}  // namespace
}  // namespace bbg
