// Autoregressive spin-model throughput (never asserted in tests).
//   BM_MadeSample / BM_PixelCnnSample: no-grad sampling of a batch with log q,
//     fast sampler (fast = 1: each unit/activation computed once, one forward
//     pass in all) against the naive reference (fast = 0: one full forward pass
//     per site, N passes): spins per second (batch * L * L / s).
//   BM_MadeTrainStep / BM_PixelCnnTrainStep: one REINFORCE step with Adam
//     (zero_grad, sample, log q, action, loss, backward, step) on the 2-D Ising
//     model at beta = 0.44: training steps per second.
// Models: the [model] defaults for spins: made hidden [64] tanh with the direct
// connection; pixelcnn 3 layers, width 16, k = 3, tanh. Double precision, one
// thread. The naive PixelCNN sampler at L = 16 is registered for batch 64 only
// (one iteration of batch 1024 takes minutes).
#include <ATen/CPUGeneratorImpl.h>
#include <benchmark/benchmark.h>
#include <torch/autograd.h>

#include "bench_setup.hpp"
#include "bbg/models/autoregressive/autoregressive.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/models/model_spec.hpp"
#include "bbg/targets/ising.hpp"
#include "bbg/train/objectives.hpp"

namespace {

using bbg_bench::quiet_single_thread;

bbg::ModelSpec ar_spec(const std::string& kind, int64_t l) {
  bbg::ModelSpec spec;
  spec.kind = kind;
  spec.shape = {l, l};
  spec.activation = "tanh";
  spec.z2 = false;
  if (kind == "made") {
    spec.hidden = {64};
    spec.direct = true;
  } else {
    spec.layers = 3;
    spec.width = 16;
    spec.kernel = 3;
    spec.residual = false;
  }
  return spec;
}

void sample_bench(benchmark::State& state, const std::string& kind) {
  quiet_single_thread();
  const int64_t l = state.range(0), batch = state.range(1);
  const bool fast = state.range(2) != 0;
  auto model = std::dynamic_pointer_cast<bbg::Autoregressive>(bbg::make_density(ar_spec(kind, l), 1234));
  auto gen = at::make_generator<at::CPUGeneratorImpl>(1234);
  auto sample = [&] {
    at::NoGradGuard no_grad;
    return fast ? model->sample(batch, gen) : model->sample_naive(batch, gen);
  };
  sample();  // warm-up
  for (auto _ : state) {
    auto [x, log_q] = sample();
    benchmark::DoNotOptimize(log_q.data_ptr());
  }
  state.counters["spins_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * batch * l * l),
                                                     benchmark::Counter::kIsRate);
}

void train_bench(benchmark::State& state, const std::string& kind) {
  quiet_single_thread();
  const int64_t l = state.range(0), batch = state.range(1);
  bbg::IsingTarget target({l, l}, 0.44, 1.0, 0.0);
  auto model = bbg::make_density(ar_spec(kind, l), 1234);
  bbg_bench::time_adam_steps(state, *model, [&](at::Generator& gen) {
    return bbg::reinforce(*model, target, batch, gen, 1.0);
  });
  state.counters["spins_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * batch * l * l),
                                                     benchmark::Counter::kIsRate);
}

void BM_MadeSample(benchmark::State& state) { sample_bench(state, "made"); }
BENCHMARK(BM_MadeSample)
    ->ArgsProduct({{8, 16}, {64, 256, 1024}, {1, 0}})
    ->ArgNames({"L", "batch", "fast"})
    ->Unit(benchmark::kMillisecond);

void BM_PixelCnnSample(benchmark::State& state) { sample_bench(state, "pixelcnn"); }
BENCHMARK(BM_PixelCnnSample)
    ->Apply([](benchmark::internal::Benchmark* b) {
      for (int64_t l : {8, 16})
        for (int64_t batch : {64, 256, 1024})
          for (int64_t fast : {1, 0})
            if (fast || l == 8 || batch == 64) b->Args({l, batch, fast});
    })
    ->ArgNames({"L", "batch", "fast"})
    ->Unit(benchmark::kMillisecond);

void BM_MadeTrainStep(benchmark::State& state) { train_bench(state, "made"); }
BENCHMARK(BM_MadeTrainStep)
    ->ArgsProduct({{8, 16}, {64, 256, 1024}})
    ->ArgNames({"L", "batch"})
    ->Unit(benchmark::kMillisecond);

void BM_PixelCnnTrainStep(benchmark::State& state) { train_bench(state, "pixelcnn"); }
BENCHMARK(BM_PixelCnnTrainStep)
    ->ArgsProduct({{8, 16}, {64, 256, 1024}})
    ->ArgNames({"L", "batch"})
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) { return bbg_bench::run_with_bbg_allocator(argc, argv); }
