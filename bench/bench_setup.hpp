// Shared set-up of the Google Benchmark executables: no progress output, one
// thread, and (for those that allocate large tensors) bbg's heap settings.
#pragma once
#include <benchmark/benchmark.h>

#include "bbg/core/allocator.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/threads.hpp"

namespace bbg_bench {

inline void quiet_single_thread() {
  bbg::ProgressOptions p;
  p.enabled = false;
  bbg::set_global_progress_options(p);
  bbg::set_threads(1);
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
