// run_chains: a run stopped (during warm-up or sampling) and resumed from its
// checkpoint gives bit for bit the chains of the uninterrupted run; a checkpoint
// of another run is refused; results do not depend on the block size.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/hmc_chains.hpp"
#include "bbg/sampler/langevin_chains.hpp"
#include "sampler_test_util.hpp"

namespace bbg {
namespace {

namespace fs = std::filesystem;

struct Output {
  std::vector<double> samples;  // [sample block][chain][count][n], blocks in order
  std::vector<double> final_q, step_sizes, energy_errors;
};

const sampler_test::GaussianPotential& potential() {
  static const auto p = sampler_test::correlated_gaussian();
  return p;
}

HmcChainSettings chain_settings() {
  HmcChainSettings s;
  s.chains = 3;
  s.warmup = 250;  // warm-up blocks of 100: a checkpoint after 100 and 200
  s.seed = 17;
  s.path = {0.2, 0, 1.0};
  s.adapt_diagonal_metric = true;  // the adaptation state must survive too
  return s;
}

DriverSettings driver_settings(const std::string& checkpoint, int64_t block = 10) {
  DriverSettings d;
  d.warmup = 250;
  d.samples = 60;
  d.thin = 2;
  d.block = block;
  d.progress = false;
  d.checkpoint = checkpoint;
  return d;
}

// Runs to the end, or throws from the block handler when the block starting at
// `stop_at` arrives (before it is stored).
void run(Output& out, const std::string& checkpoint, int64_t stop_at = -1, int64_t block = 10) {
  HmcChains chains(potential(), chain_settings());
  run_chains(chains, driver_settings(checkpoint, block), [&](int64_t first, int64_t, const std::vector<double>& data) {
    if (first == stop_at) throw std::runtime_error("stop");
    out.samples.insert(out.samples.end(), data.begin(), data.end());
  });
  for (int64_t c = 0; c < 3; ++c) {
    const auto& ch = chains.chain(c);
    out.final_q.insert(out.final_q.end(), ch.state.q.begin(), ch.state.q.end());
    out.step_sizes.push_back(ch.kernel->step_size());
    out.energy_errors.insert(out.energy_errors.end(), ch.energy_errors.begin(), ch.energy_errors.end());
  }
}

fs::path checkpoint_path(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("bbg_driver_" + name + "_" + std::to_string(::getpid()) + ".ckpt");
  fs::remove(p);
  return p;
}

void expect_identical(const Output& a, const Output& b) {
  EXPECT_EQ(a.samples, b.samples);  // doubles compared exactly
  EXPECT_EQ(a.final_q, b.final_q);
  EXPECT_EQ(a.step_sizes, b.step_sizes);
  EXPECT_EQ(a.energy_errors, b.energy_errors);
}

TEST(ChainDriver, ResumeDuringSamplingIsBitIdentical) {
  Output whole;
  run(whole, "");
  const fs::path ck = checkpoint_path("sampling");
  Output resumed;
  EXPECT_THROW(run(resumed, ck.string(), 30), std::runtime_error);  // blocks 0..29 stored
  ASSERT_TRUE(fs::exists(ck));
  run(resumed, ck.string());  // delivers 30..59; the checkpoint carries each chain's dH history
  expect_identical(whole, resumed);
  fs::remove(ck);
}

TEST(ChainDriver, ResumeDuringWarmupIsBitIdentical) {
  Output whole;
  run(whole, "");
  const fs::path ck = checkpoint_path("warmup");
  // Ctrl-C during warm-up: the driver stops after the first warm-up block with a checkpoint.
  request_interrupt();
  Output first;
  EXPECT_THROW(run(first, ck.string()), Interrupted);
  clear_interrupt();
  ASSERT_TRUE(fs::exists(ck));
  EXPECT_TRUE(first.samples.empty());
  Output resumed;
  run(resumed, ck.string());
  expect_identical(whole, resumed);
  fs::remove(ck);
}

TEST(ChainDriver, RefusesTheCheckpointOfAnotherRun) {
  const fs::path ck = checkpoint_path("other");
  Output out;
  EXPECT_THROW(run(out, ck.string(), 20), std::runtime_error);
  HmcChainSettings s = chain_settings();
  s.chains = 2;
  HmcChains chains(potential(), s);
  EXPECT_THROW(run_chains(chains, driver_settings(ck.string()), {}), UserError);
  fs::remove(ck);
}

TEST(ChainDriver, LangevinChainsResumeBitIdentically) {
  // A ChainSet whose state includes the momentum (persistent across transitions).
  LangevinChainSettings s;
  s.chains = 2;
  s.seed = 5;
  s.kernel.step_size = 0.1;
  s.kernel.steps = 3;
  DriverSettings d;
  d.warmup = 30;
  d.samples = 40;
  d.block = 10;
  d.progress = false;
  auto run_langevin = [&](const std::string& checkpoint, int64_t stop_at, std::vector<double>& samples,
                          std::vector<double>& momenta) {
    LangevinChains chains(potential(), s);
    d.checkpoint = checkpoint;
    run_chains(chains, d, [&](int64_t first, int64_t, const std::vector<double>& data) {
      if (first == stop_at) throw std::runtime_error("stop");
      samples.insert(samples.end(), data.begin(), data.end());
    });
    for (int64_t c = 0; c < 2; ++c) {
      const auto& p = chains.chain(c).state.p;
      momenta.insert(momenta.end(), p.begin(), p.end());
      EXPECT_EQ(chains.chain(c).transitions, 70);
    }
  };
  std::vector<double> whole, whole_p, resumed, resumed_p;
  run_langevin("", -1, whole, whole_p);
  const fs::path ck = checkpoint_path("langevin");
  EXPECT_THROW(run_langevin(ck.string(), 20, resumed, resumed_p), std::runtime_error);
  run_langevin(ck.string(), -1, resumed, resumed_p);
  EXPECT_EQ(whole, resumed);
  EXPECT_EQ(whole_p, resumed_p);
  fs::remove(ck);
}

TEST(ChainDriver, BlockSizeAndThreadCountDoNotChangeTheChains) {
  Output a, b, c;
  run(a, "", -1, 10);
  run(b, "", -1, 7);
  EXPECT_EQ(a.final_q, b.final_q);
  EXPECT_EQ(a.energy_errors, b.energy_errors);
  const int64_t threads = get_threads();
  set_threads(2);
  run(c, "", -1, 10);
  set_threads(threads);
  expect_identical(a, c);
}

}  // namespace
}  // namespace bbg
