// Annealed importance sampling (snf/annealed_importance.hpp) on interacting phi^4 at
// the point of docs/flows.md ("ESS versus lattice size": 8x8, kappa = 0.26, lambda =
// 0.022): ln Z against the independent kappa integration at 4 combined errors, from
// the normal base and from a briefly trained flow as the base. Fixed seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "bbg/core/config.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/mcmc/free_energy.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/snf/anneal_base.hpp"
#include "bbg/snf/annealed_importance.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/train/trainer.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

FreeEnergyResult kappa_integration(const Phi4Target& target) {
  FreeEnergySettings fe;
  fe.steps = 32;
  fe.hmc.chains = 4;
  fe.hmc.warmup = 200;
  fe.hmc.samples = 4000;
  fe.hmc.seed = 5;
  return integrate_free_energy(target, fe);
}

void expect_agrees(const char* what, const AisResult& r, const FreeEnergyResult& z) {
  std::cout << what << ": ln Z " << r.nis.log_z.value << " +- " << r.nis.log_z.error << ", F/V "
            << r.nis.f_per_site.value << " +- " << r.nis.f_per_site.error << ", ESS/N " << r.nis.ess_per_sample
            << ", acceptance at b = 1 " << r.acceptance.back() << ", " << r.seconds << " s; kappa integration "
            << z.log_z << " +- " << z.error << " (" << z.seconds << " s)\n";
  EXPECT_LT(std::abs(r.nis.log_z.value - z.log_z), testing::kSigmas * std::hypot(r.nis.log_z.error, z.error));
}

TEST(AisValidation, Phi4LogZAgreesWithKappaIntegration) {
  ProgressOptions quiet;
  quiet.enabled = false;
  set_global_progress_options(quiet);
  Phi4Target target({8, 8}, 0.26, 0.022);
  const FreeEnergyResult z = kappa_integration(target);

  NormalBase normal(target.event_shape());
  AisSettings s;
  s.samples = 2000;
  s.batch = 2000;
  s.schedule = AnnealSchedule::linear(256);
  s.move.step_size = 0.4;
  s.move.leapfrog_steps = 4;
  s.seed = 1;
  const AisResult from_normal = run_ais(normal, target, s);
  expect_agrees("normal base, K = 256, eps 0.4, L = 4", from_normal, z);
  EXPECT_GT(from_normal.nis.ess_per_sample, 0.3);  // measured 0.49: the stages do their work

  // A flow trained for 200 steps as the base, alone and then with 16 stages (the
  // autograd force through the flow makes each transition ~10x dearer than above).
  Config c = Config::from_string(
      "[model]\nlayers = 6\nnet = \"mlp\"\nhidden = [64]\nz2 = true\nbase = \"learnable_normal\"\n[train]\n"
      "objective = \"reverse_kl_path\"\nsteps = 200\nbatch = 128\nlearning_rate = 5e-3\nlog_every = 100\n");
  auto model = make_density(ModelSpec::from_config(c.section("model"), target.event_shape(), true), 7);
  train_model(*model, target, TrainSettings::from_config(c.section("train"), 7, false, ""), {});
  DensityBase flow(model);
  s.samples = 1000;
  s.batch = 1000;
  s.schedule = AnnealSchedule::linear(1);
  s.steps_per_stage = 0;
  const AisResult flow_only = run_ais(flow, target, s);
  s.schedule = AnnealSchedule::linear(16);
  s.steps_per_stage = 1;
  s.move.leapfrog_steps = 2;
  const AisResult from_flow = run_ais(flow, target, s);
  expect_agrees("flow base alone (NIS)", flow_only, z);
  expect_agrees("flow base, K = 16, eps 0.4, L = 2", from_flow, z);
}

}  // namespace
}  // namespace bbg
