// The cost of one single-flip energy difference of the Falicov-Kimball model, exact and
// surrogate (docs/surrogate_mc.md, "Speed of the exact energy"), N = L^2 sites, one thread,
// the configurations of bench/fk_bench_spins.hpp (seed 1; sites visited in order, as a sweep):
//   BM_FkFlipFull: flip a site, one eigenvalue solve (dsyevd, jobz = 'N') and S, flip back:
//     what each proposal cost before the incremental action;
//   BM_FkFlipIncremental: exact::FalicovKimballFlipEnergy::flip_action, the secular equation
//     of the rank-one change, O(N^2);
//   BM_FkAcceptRankOne: accept_flip by the rank-one update of eigenvalues and eigenvectors
//     (no periodic refresh), the cost of an accepted proposal;
//   BM_FkAcceptFull: accept_flip with refresh_every = 1, a full dsyevd with eigenvectors;
//   BM_FkSurrogateFlipDifference: the linear effective Hamiltonian's difference,
//     LatticeFeatures::flip_difference (range 2 + plaquette) dotted with a coupling vector.
// Each reports flips per second (`flips_per_s`).
#include <benchmark/benchmark.h>

#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/exact/falicov_kimball_flip_energy.hpp"
#include "bbg/surrogate/lattice_features.hpp"
#include "bench_setup.hpp"
#include "fk_bench_spins.hpp"

namespace {

using bbg::exact::FalicovKimballFlipEnergy;
using bbg::exact::FalicovKimballModel;

FalicovKimballModel bench_model(int64_t l) {
  return FalicovKimballModel(l, l, bbg_bench::kFkHopping, bbg_bench::kFkInteraction);
}

void set_rate(benchmark::State& state) {
  state.counters["flips_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_FkFlipFull(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const auto model = bench_model(l);
  auto s = bbg_bench::fk_spins(n, 1);
  std::vector<double> h(n * n), eps(n);
  bbg::exact::EigenWorkspace ws;
  int64_t site = 0;
  for (auto _ : state) {
    s[site] = -s[site];
    model.spectrum(s.data(), eps.data(), h.data(), ws);
    benchmark::DoNotOptimize(bbg::exact::fermion_action(eps.data(), n, bbg_bench::kFkBeta));
    s[site] = -s[site];
    site = (site + 1) % n;
  }
  set_rate(state);
}
BENCHMARK(BM_FkFlipFull)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

void BM_FkFlipIncremental(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const auto model = bench_model(l);
  const auto s = bbg_bench::fk_spins(n, 1);
  FalicovKimballFlipEnergy energy(model, bbg_bench::kFkBeta, s.data());
  int64_t site = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(energy.flip_action(site));
    site = (site + 1) % n;
  }
  state.counters["action"] = energy.action();
  set_rate(state);
}
BENCHMARK(BM_FkFlipIncremental)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

// accept_flip of every site in turn (the configuration keeps changing, as in a hot chain).
void accept_flips(benchmark::State& state, int64_t refresh_every) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const auto model = bench_model(l);
  const auto s = bbg_bench::fk_spins(n, 1);
  FalicovKimballFlipEnergy energy(model, bbg_bench::kFkBeta, s.data(), refresh_every);
  int64_t site = 0;
  for (auto _ : state) {
    energy.accept_flip(site);
    benchmark::DoNotOptimize(energy.action());
    site = (site + 1) % n;
  }
  set_rate(state);
}

void BM_FkAcceptRankOne(benchmark::State& state) { accept_flips(state, int64_t{1} << 40); }
BENCHMARK(BM_FkAcceptRankOne)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

void BM_FkAcceptFull(benchmark::State& state) { accept_flips(state, 1); }
BENCHMARK(BM_FkAcceptFull)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

void BM_FkSurrogateFlipDifference(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const bbg::LatticeFeatures features(l, 2, true);
  const auto s = bbg_bench::fk_spins(n, 1);
  std::vector<double> w(features.size()), dphi(features.size());
  bbg::Rng rng(5, 0);
  for (auto& v : w) v = rng.normal();  // a coupling vector (its values do not change the cost)
  int64_t site = 0;
  for (auto _ : state) {
    features.flip_difference(s.data(), site, dphi.data());
    double d = 0;
    for (int64_t p = 0; p < features.size(); ++p) d += dphi[p] * w[p];
    benchmark::DoNotOptimize(d);
    site = (site + 1) % n;
  }
  set_rate(state);
}
BENCHMARK(BM_FkSurrogateFlipDifference)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

// The neural surrogate (src/bbg/surrogate, in progress elsewhere) goes here as
// BM_FkNeuralSurrogateFlipDifference: its posterior-mean difference of one flip (the O(r^2)
// local terms that contain the site), L = 4, 8, 16, counter flips_per_s; run_fk_bench.sh
// then lists it next to the linear surrogate.

}  // namespace

int main(int argc, char** argv) { return bbg_bench::run_with_bbg_allocator(argc, argv); }
