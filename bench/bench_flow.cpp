// Normalizing-flow throughput (recorded in BENCHMARKS.md; never asserted in tests).
//   BM_FlowTrainStep: one reverse-KL total-gradient step with Adam
//     (zero_grad, sample + action + loss, backward, step): training steps per second.
//   BM_FlowSample: no-grad sampling of a batch with its action and log weights
//     lw = -S - log q: samples per second.
// RealNVP affine flow, 8 checkerboard layers, conv nets [16, 16] k = 3 tanh, on
// phi^4 L x L (kappa = 0.2, lambda = 0.022), double precision, one thread.
// Peer: bench/flow_torch.py (PyTorch, the same operations except the convolutions:
// nn.Conv2d with circular padding there, bbg::periodic_conv here).
#include <ATen/CPUGeneratorImpl.h>
#include <benchmark/benchmark.h>
#include <torch/autograd.h>

#include "bench_setup.hpp"
#include "bbg/models/model_io.hpp"
#include "bbg/models/model_spec.hpp"
#include "bbg/targets/phi4.hpp"
#include "bbg/train/objectives.hpp"

namespace {

using bbg_bench::quiet_single_thread;

bbg::ModelSpec flow_spec(int64_t l) {
  bbg::ModelSpec spec;
  spec.kind = "affine_flow";
  spec.shape = {l, l};
  spec.layers = 8;
  spec.net = "conv";
  spec.hidden = {16, 16};
  spec.kernel = 3;
  spec.activation = "tanh";
  spec.z2 = false;
  spec.base = "normal";
  return spec;
}

void BM_FlowTrainStep(benchmark::State& state) {
  quiet_single_thread();
  const int64_t l = state.range(0), batch = state.range(1);
  bbg::Phi4Target target({l, l}, 0.2, 0.022);
  auto model = bbg::make_density(flow_spec(l), 1234);
  bbg_bench::time_adam_steps(state, *model, [&](at::Generator& gen) {
    return bbg::reverse_kl_total(*model, target, batch, gen, 1.0);
  });
}
BENCHMARK(BM_FlowTrainStep)
    ->ArgsProduct({{8, 16}, {64, 256, 1024}})
    ->ArgNames({"L", "batch"})
    ->Unit(benchmark::kMillisecond);

void BM_FlowSample(benchmark::State& state) {
  quiet_single_thread();
  const int64_t l = state.range(0), batch = state.range(1);
  bbg::Phi4Target target({l, l}, 0.2, 0.022);
  auto model = bbg::make_density(flow_spec(l), 1234);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(1234);
  auto sample = [&] {
    at::NoGradGuard no_grad;
    auto [x, log_q] = model->sample(batch, gen);
    const at::Tensor s = target.action(x);
    return at::Tensor(-s - log_q);
  };
  for (int i = 0; i < 2; ++i) sample();
  for (auto _ : state) {
    at::Tensor lw = sample();
    benchmark::DoNotOptimize(lw.data_ptr());
  }
  state.counters["samples_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * batch),
                                                       benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlowSample)
    ->ArgsProduct({{8, 16}, {64, 256, 1024}})
    ->ArgNames({"L", "batch"})
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) { return bbg_bench::run_with_bbg_allocator(argc, argv); }
