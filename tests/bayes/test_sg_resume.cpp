// Exact resume of every stochastic-gradient and penalty ChainKernel with its
// minibatch potential: run, checkpoint (kernel + potential + stream) in the middle of
// warm-up, continue; a fresh kernel and potential restored from the checkpoint must
// continue bit for bit. Also the WeightPotential's split-batch gradients.
#include <gtest/gtest.h>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/baoab_chain_kernel.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/penalty_langevin_kernel.hpp"
#include "bbg/sampler/penalty_metropolis_kernel.hpp"
#include "bbg/sampler/psgld_kernel.hpp"
#include "bbg/sampler/sghmc_kernel.hpp"
#include "bbg/sampler/sgld_chain_kernel.hpp"
#include "sg_test_util.hpp"

namespace bbg {
namespace {

using bayes_test::LinearRegression;

constexpr int64_t kWarmup = 30, kSave = 20, kTotal = 60;

void advance(ChainKernel& k, Rng& rng, int64_t t) {
  if (t < kWarmup) {
    k.warmup_step(rng, t, kWarmup);
    if (t == kWarmup - 1) k.end_warmup();
  } else {
    k.step(rng);
  }
}

void expect_exact_resume(const bayes_test::KernelMaker& make, bool independent, const std::string& what) {
  const LinearRegression lr;
  const auto u = lr.potential(10, 1.0, independent);
  Rng rng(5, 1);
  auto kernel = make(*u, rng);
  io::Checkpoint ck;
  std::vector<std::vector<double>> reference;
  for (int64_t t = 0; t < kTotal; ++t) {
    if (t == kSave) {
      kernel->save(ck, "kernel");
      u->save(ck, "potential");
      save_rng(ck, "rng", rng);
    }
    advance(*kernel, rng, t);
    if (t >= kSave) reference.push_back(kernel->position());
  }
  const io::Checkpoint loaded = io::Checkpoint::from_bytes(ck.to_bytes(), "memory");
  const auto u2 = lr.potential(10, 1.0, independent);
  Rng other(99, 0);
  auto resumed = make(*u2, other);
  resumed->restore(loaded, "kernel");
  u2->restore(loaded, "potential");
  restore_rng(loaded, "rng", other);
  for (int64_t t = kSave; t < kTotal; ++t) {
    advance(*resumed, other, t);
    ASSERT_EQ(resumed->position(), reference[t - kSave]) << what << " at step " << t;
  }
}

TEST(SgResume, EveryKernelResumesBitExactly) {
  const std::vector<double> q0 = {0.1, -0.2, 0.3};
  StepSchedule cyc;
  cyc.kind = "cyclical", cyc.eps0 = 0.002, cyc.total_steps = 40, cyc.cycles = 4, cyc.exploration = 0.3;
  StepSchedule poly;
  poly.kind = "polynomial", poly.a = 0.003, poly.b = 1.0, poly.gamma = 0.55;
  expect_exact_resume([&](const Potential& u, Rng&) { return std::make_unique<SgldChainKernel>(u, cyc, q0); }, false,
                      "SGLD cyclical");
  expect_exact_resume(
      [&](const Potential& u, Rng&) { return std::make_unique<PsgldKernel>(u, poly, PsgldSettings{}, q0); }, false,
      "pSGLD");
  SghmcSettings hs;
  hs.noise_estimate = "split_batch";
  expect_exact_resume([&](const Potential& u, Rng&) { return std::make_unique<SghmcKernel>(u, cyc, hs, q0); }, false,
                      "SGHMC");
  expect_exact_resume(
      [&](const Potential& u, Rng& rng) {
        LangevinSettings s;
        s.step_size = 0.03;
        return std::make_unique<BaoabChainKernel>(u, UnitMetric(3), s, q0, rng);
      },
      false, "BAOAB");
  PenaltySettings ps;
  ps.step_size = 0.03;
  ps.minibatches = 4;
  expect_exact_resume([&](const Potential& u, Rng&) { return std::make_unique<PenaltyMetropolisKernel>(u, ps, q0); },
                      true, "penalty Metropolis");
  ps.step_size = 0.002;
  expect_exact_resume([&](const Potential& u, Rng&) { return std::make_unique<PenaltyLangevinKernel>(u, ps, q0); },
                      true, "penalty Langevin");
}

TEST(SgResume, SplitBatchGradientsAverageToTheBatchGradient) {
  const LinearRegression lr;
  const auto u = lr.potential(16);
  Rng rng(3, 0);
  u->refresh(rng);
  const std::vector<double> q = {0.2, 0.1, -0.4};
  std::vector<double> g(3), g1(3), g2(3);
  u->gradient(q.data(), g.data());
  u->split_batch_gradients(q.data(), g1.data(), g2.data());
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(0.5 * (g1[j] + g2[j]), g[j], 1e-9 * (1.0 + std::abs(g[j])));
    EXPECT_NE(g1[j], g2[j]);
  }
  SghmcSettings s;
  s.noise_estimate = "split_batch";
  sampler_test::GaussianPotential plain(3, {1, 0, 0, 0, 1, 0, 0, 0, 1});
  StepSchedule c;
  EXPECT_THROW(SghmcKernel(plain, c, s, q), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
