// Variational autoregressive networks (MADE) on the 2D Ising model against the
// exact finite-lattice results: ln Z from Kaufman's formula, energy and <m^2>
// from the transfer matrix (extents <= 10). Trained by REINFORCE (reverse KL,
// score-function gradient with a mean baseline), then NIS and NMCMC on fresh
// draws; every comparison at 4 standard errors, fixed seeds, one thread.
// beta = 0.3 (disordered), beta_c = ln(1 + sqrt 2)/2, beta = 0.6 (ordered: the
// Z2-symmetrised model carries both magnetised states).
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
#include "bbg/targets/ising.hpp"
#include "bbg/train/trainer.hpp"
#include "validation_helpers.hpp"

namespace bbg {
namespace {

const double kBetaC = 0.5 * std::log(1.0 + std::sqrt(2.0));

struct VanCase {
  int64_t L;
  double beta;
  std::string model_toml, train_toml;
};

void PrintTo(const VanCase& c, std::ostream* os) { *os << c.L << "x" << c.L << " beta " << c.beta; }

class VanValidation : public ::testing::TestWithParam<VanCase> {};

TEST_P(VanValidation, NisAndNmcmcAgreeWithExact) {
  const VanCase& c = GetParam();
  ProgressOptions quiet;
  quiet.enabled = false;
  set_global_progress_options(quiet);
  set_threads(1);
  IsingTarget target({c.L, c.L}, c.beta, 1.0, 0.0);
  Config cfg = Config::from_string("[model]\n" + c.model_toml + "\n[train]\n" + c.train_toml);
  const ModelSpec spec = ModelSpec::from_config(cfg.section("model"), target.event_shape(), false);
  const TrainSettings ts = TrainSettings::from_config(cfg.section("train"), 3, true, "");
  auto model = make_density(spec, 3);
  const auto t0 = std::chrono::steady_clock::now();
  train_model(*model, target, ts, {});
  const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  SampleSettings ss;
  ss.samples = 20000;
  ss.seed = 19;
  const auto r = sample_model(*model, target, ss);
  const ExactResults exact = target.exact();
  ASSERT_TRUE(exact.log_z.has_value());
  const std::string ctx = std::to_string(c.L) + "x" + std::to_string(c.L) + " beta " + std::to_string(c.beta);
  std::cout << ctx << ": train " << train_s << " s, sample " << r.seconds << " s; ln Z " << r.nis.log_z.value
            << " +- " << r.nis.log_z.error << " exact " << *exact.log_z << "; ESS/N " << r.nis.ess_per_sample
            << "; F_q " << r.nis.f_q.value << "; acceptance " << r.nmcmc.acceptance << "\n";

  EXPECT_GT(r.nis.ess_per_sample * r.nis.samples, 100.0) << ctx;  // errors meaningful
  EXPECT_LT(std::abs(r.nis.log_z.value - *exact.log_z), testing::kSigmas * r.nis.log_z.error) << ctx;
  // F_q >= F: -F_q is a lower bound on ln Z (up to its own sampling error)
  EXPECT_LT(-r.nis.f_q.value, *exact.log_z + testing::kSigmas * r.nis.f_q.error) << ctx;
  for (const char* name : {"energy", "m2"}) {
    ASSERT_TRUE(exact.observables.count(name)) << name;
    testing::expect_within_errors(r.nis.observables, name, exact.observables.at(name), ctx + " NIS");
    testing::expect_within_errors(r.nmcmc.observables, name, exact.observables.at(name), ctx + " NMCMC");
  }
}

const char* kMade4 = "kind = \"made\"\nhidden = [32]\nz2 = true";
const char* kMade8 = "kind = \"made\"\nhidden = [64]\nz2 = true";
const char* kTrain4 = "steps = 400\nbatch = 256\nlearning_rate = 1e-2\nlog_every = 100\nclip = 10";
const char* kTrain8 = "steps = 800\nbatch = 256\nlearning_rate = 5e-3\nlog_every = 200\nclip = 10\n"
                      "anneal_beta_start = 0.5\nanneal_steps = 300";

INSTANTIATE_TEST_SUITE_P(Ising, VanValidation,
                         ::testing::Values(VanCase{4, 0.3, kMade4, kTrain4}, VanCase{4, kBetaC, kMade4, kTrain4},
                                           VanCase{4, 0.6, kMade4, kTrain4}, VanCase{8, 0.3, kMade8, kTrain8},
                                           VanCase{8, kBetaC, kMade8, kTrain8}, VanCase{8, 0.6, kMade8, kTrain8}));

}  // namespace
}  // namespace bbg
