// The neural surrogate's energy difference of one single-site flip (docs/surrogate_mc.md,
// "The neural surrogate"), one thread, never asserted in tests:
//   BM_NetworkMemberFlip:  LocalNetworkEnergy::flip_difference of one member;
//   BM_NetworkSurrogateFlip: NetworkSurrogate::flip, the K-member mean and variance (K = 8),
// for L = 4, 8, 16, window radius r = 1, 2, hidden width 16, tanh and relu. Each reports flips per
// second; the exact energy of the same move (a full L^2 x L^2 eigenproblem, or the incremental
// one) is in bench_fk_eigenvalues, and BENCHMARKS.md sets them side by side.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <vector>

#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/surrogate/local_network.hpp"
#include "bbg/surrogate/network_surrogate.hpp"
#include "bench_setup.hpp"

namespace {

std::vector<double> random_spins(int64_t n, uint64_t seed) {
  bbg::Rng rng(seed, 0);
  std::vector<double> s(n);
  for (auto& v : s) v = rng.uniform() < 0.5 ? 1.0 : -1.0;
  return s;
}

std::vector<bbg::LocalNetworkEnergy> members(int64_t length, int64_t radius, const std::string& activation, int64_t k) {
  bbg::LocalNetworkSpec spec;
  spec.length = length;
  spec.radius = radius;
  spec.hidden = {16};
  spec.activation = activation;
  std::vector<bbg::LocalNetworkEnergy> out;
  for (int64_t m = 0; m < k; ++m) {
    torch::manual_seed(m);
    const torch::nn::AnyModule net = bbg::make_local_network(spec);
    const bbg::bayes::ParameterLayout layout = bbg::bayes::layout_of(*net.ptr());
    std::vector<double> theta(layout.size);
    bbg::bayes::read_parameters(*net.ptr(), theta.data());
    out.emplace_back(spec, layout, theta.data());
  }
  return out;
}

void flips(benchmark::State& state, int64_t k) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), r = state.range(1), n = l * l;
  const std::string activation = state.range(2) == 0 ? "tanh" : "relu";
  const auto s = random_spins(n, 1);
  const bbg::NetworkSurrogate surrogate("bench", members(l, r, activation, std::max<int64_t>(k, 2)));
  int64_t site = 0;
  for (auto _ : state) {
    site = (site + 7) % n;
    if (k == 1)
      benchmark::DoNotOptimize(surrogate.member_flip(0, s.data(), site));
    else
      benchmark::DoNotOptimize(surrogate.flip(s.data(), site).mean);
  }
  state.counters["flips_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(activation);
}

void BM_NetworkMemberFlip(benchmark::State& state) { flips(state, 1); }
void BM_NetworkSurrogateFlip(benchmark::State& state) { flips(state, 8); }

void shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"L", "r", "relu"});
  for (int64_t l : {4, 8, 16})
    for (int64_t r : {1, 2})
      for (int64_t a : {0, 1})
        if (2 * r + 1 <= l) b->Args({l, r, a});
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_NetworkMemberFlip)->Apply(shapes);
BENCHMARK(BM_NetworkSurrogateFlip)->Apply(shapes);

}  // namespace

BENCHMARK_MAIN();
