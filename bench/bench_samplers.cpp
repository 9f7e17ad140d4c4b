// Sampler throughput (recorded in BENCHMARKS.md; never asserted in tests).
//   HMC on phi^4 16x16: site updates per second = leapfrog steps x sites / wall time.
//   Wolff at beta_c on 64x64: spins flipped per second.
// One thread, one chain per benchmark iteration batch; measurement included.
#include <benchmark/benchmark.h>

#include "bench_setup.hpp"
#include "bbg/mcmc/hmc.hpp"
#include "bbg/mcmc/spin_mcmc.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/targets/phi4.hpp"

namespace {

using bbg_bench::quiet_single_thread;

void BM_HmcPhi4(benchmark::State& state) {
  quiet_single_thread();
  const int64_t l = state.range(0);
  bbg::Phi4Target target({l, l}, 0.2, 0.022);
  bbg::HmcSettings s;
  s.chains = 1;
  s.warmup = 0;  // fixed step size 0.1, trajectory length 1: 10 leapfrog steps
  s.adapt = false;
  s.step_size = 0.1;
  s.samples = 2000;
  s.integrator = state.range(1) ? bbg::Integrator::Omelyan : bbg::Integrator::Leapfrog;
  double steps = 0, seconds = 0;
  for (auto _ : state) {
    const auto r = bbg::run_hmc(target, s);
    steps += static_cast<double>(r.diagnostics.leapfrog_steps);
    seconds += r.diagnostics.seconds;
  }
  state.counters["site_updates_per_s"] = steps * l * l / seconds;
}
BENCHMARK(BM_HmcPhi4)->Args({16, 0})->Args({16, 1})->Args({8, 0})->Unit(benchmark::kMillisecond);

void BM_WolffIsing(benchmark::State& state) {
  quiet_single_thread();
  const int64_t l = state.range(0);
  bbg::IsingTarget target({l, l}, 0.44068679350977147, 1.0, 0.0);
  bbg::SpinMcmcSettings s;
  s.algorithm = "wolff";
  s.chains = 1;
  s.warmup = 100;
  s.samples = 2000;
  double flipped = 0, seconds = 0;
  for (auto _ : state) {
    const auto r = bbg::run_spin_mcmc(target, s);
    flipped += static_cast<double>(r.diagnostics.spins_flipped);
    seconds += r.diagnostics.seconds;
  }
  state.counters["spins_flipped_per_s"] = flipped / seconds;
}
BENCHMARK(BM_WolffIsing)->Arg(64)->Unit(benchmark::kMillisecond);

void BM_MetropolisIsing(benchmark::State& state) {
  quiet_single_thread();
  const int64_t l = state.range(0);
  bbg::IsingTarget target({l, l}, 0.44068679350977147, 1.0, 0.0);
  bbg::SpinMcmcSettings s;
  s.algorithm = "metropolis";
  s.chains = 1;
  s.warmup = 0;
  s.samples = 2000;
  double sweeps = 0, seconds = 0;
  for (auto _ : state) {
    const auto r = bbg::run_spin_mcmc(target, s);
    sweeps += static_cast<double>(r.diagnostics.sweeps);
    seconds += r.diagnostics.seconds;
  }
  state.counters["site_updates_per_s"] = sweeps * l * l / seconds;
}
BENCHMARK(BM_MetropolisIsing)->Arg(64)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
