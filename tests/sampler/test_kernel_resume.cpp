// Every Metropolis-adjusted ChainKernel (HMC, NUTS, MALA, random walk, each with
// step and windowed diagonal-metric adaptation) saved mid-warm-up and again in the
// sampling phase, restored into a fresh kernel built at another position, continues
// bit for bit as the uninterrupted chain does (positions and tuned settings).
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/hmc_chain_kernel.hpp"
#include "bbg/sampler/mala_kernel.hpp"
#include "bbg/sampler/nuts_kernel.hpp"
#include "bbg/sampler/random_walk_kernel.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

using Make = std::function<std::unique_ptr<ChainKernel>(std::vector<double>)>;

constexpr int64_t kWarmup = 200, kSamples = 60;
constexpr int64_t kSaveWarmup = 120;  // inside the second slow window (the metric was replaced at 99)
constexpr int64_t kSaveSample = 25;

// Transitions t = 0 .. kWarmup + kSamples - 1 of `kernel` from `from` on; records q after each.
void advance(ChainKernel& kernel, Rng& rng, int64_t from, int64_t to, std::vector<std::vector<double>>& trace) {
  for (int64_t t = from; t < to; ++t) {
    if (t < kWarmup) {
      kernel.warmup_step(rng, t, kWarmup);
      if (t == kWarmup - 1) kernel.end_warmup();
    } else {
      kernel.step(rng);
    }
    trace.push_back(kernel.position());
  }
}

io::Checkpoint save(const ChainKernel& kernel, const Rng& rng) {
  io::Checkpoint ck;
  kernel.save(ck, "k");
  save_rng(ck, "rng", rng);
  return io::Checkpoint::from_bytes(ck.to_bytes(), "memory");  // through the serialised form
}

void expect_resume_exact(const Make& make, const std::string& what) {
  const std::vector<double> start = {0.3, -0.4, 0.8};
  const int64_t total = kWarmup + kSamples;
  std::vector<std::vector<double>> straight, resumed;
  auto a = make(start);
  Rng rng_a(77, 0);
  advance(*a, rng_a, 0, total, straight);

  auto b = make(start);
  Rng rng_b(77, 0);
  advance(*b, rng_b, 0, kSaveWarmup, resumed);
  io::Checkpoint ck = save(*b, rng_b);
  auto c = make({0.0, 0.0, 0.0});
  Rng rng_c(1, 1);
  c->restore(ck, "k");
  restore_rng(ck, "rng", rng_c);
  advance(*c, rng_c, kSaveWarmup, kWarmup + kSaveSample, resumed);
  ck = save(*c, rng_c);
  auto d = make({1.0, 1.0, 1.0});
  Rng rng_d(2, 2);
  d->restore(ck, "k");
  restore_rng(ck, "rng", rng_d);
  advance(*d, rng_d, kWarmup + kSaveSample, total, resumed);

  ASSERT_EQ(straight.size(), resumed.size());
  for (size_t t = 0; t < straight.size(); ++t) ASSERT_EQ(straight[t], resumed[t]) << what << " transition " << t;
  EXPECT_EQ(a->tuned(), d->tuned()) << what;
  EXPECT_NE(straight[kWarmup], straight[total - 1]) << what << ": the chain moved";
}

TEST(KernelResume, AdjustedKernelsContinueBitIdentically) {
  const sampler_test::AnharmonicPotential u;
  expect_resume_exact(
      [&](std::vector<double> q) {
        HmcChainKernelSettings s;
        s.adapt_diagonal_metric = true;
        return std::make_unique<HmcChainKernel>(u, std::move(q), s);
      },
      "HMC");
  expect_resume_exact(
      [&](std::vector<double> q) {
        NutsSettings s;
        s.adapt_diagonal_metric = true;
        return std::make_unique<NutsKernel>(u, std::move(q), s);
      },
      "NUTS");
  expect_resume_exact(
      [&](std::vector<double> q) {
        MalaSettings s;
        s.adapt_diagonal_metric = true;
        return std::make_unique<MalaKernel>(u, std::move(q), s);
      },
      "MALA");
  expect_resume_exact(
      [&](std::vector<double> q) {
        RandomWalkSettings s;
        s.adapt_diagonal_metric = true;
        return std::make_unique<RandomWalkKernel>(u, std::move(q), s);
      },
      "RWM");
}

}  // namespace
}  // namespace bbg
