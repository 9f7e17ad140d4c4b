// Shared set-up of the Google Benchmark executables: no progress output, one
// thread, the timed Adam training step, and (for those that allocate large
// tensors) bbg's heap settings.
#pragma once
#include <ATen/CPUGeneratorImpl.h>
#include <benchmark/benchmark.h>
#include <torch/optim/adam.h>

#include "bbg/core/allocator.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/models/density.hpp"
#include "bbg/train/objectives.hpp"

namespace bbg_bench {

inline void quiet_single_thread() {
  bbg::ProgressOptions p;
  p.enabled = false;
  bbg::set_global_progress_options(p);
  bbg::set_threads(1);
}

// Times training steps of `model` with Adam (lr 1e-3): zero_grad, `objective(generator)`
// (a bbg::ObjectiveValue), backward, step; two untimed warm-up steps first (allocator,
// Adam state). Sets the counter train_steps_per_s.
template <class Objective>
void time_adam_steps(benchmark::State& state, bbg::Density& model, Objective objective) {
  torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(1e-3));
  auto gen = at::make_generator<at::CPUGeneratorImpl>(1234);
  auto step = [&] {
    optimizer.zero_grad();
    const bbg::ObjectiveValue v = objective(gen);
    v.loss.backward();
    optimizer.step();
    return v.objective;
  };
  for (int i = 0; i < 2; ++i) step();
  for (auto _ : state) benchmark::DoNotOptimize(step());
  state.counters["train_steps_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                           benchmark::Counter::kIsRate);
}

// main() with the same heap settings as the bbg executable (src/bbg/core/allocator.hpp).
inline int run_with_bbg_allocator(int argc, char** argv) {
  bbg::configure_allocator();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace bbg_bench
