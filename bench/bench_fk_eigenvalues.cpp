// Eigenvalues of the Falicov-Kimball one-body matrix h(x) (exact/falicov_kimball_model.hpp),
// N = L^2 sites, one thread (never asserted in tests):
//   BM_FkLapackDirect: exact::symmetric_eigenvalues (LAPACK dsyevd, jobz = 'N', called
//     directly), one matrix at a time, as the target and the Metropolis kernel do;
//   BM_FkEigvalshBatched: at::linalg_eigvalsh on a batch [B, N, N] (B = 64);
//   BM_FkEigvalshSingle: at::linalg_eigvalsh on one [N, N] matrix per call.
// Each reports matrices per second; the matrix copy from h(x) is included in all three.
// The matrices: bench/fk_bench_spins.hpp (seed 1), the same as bench/fk_eigvalsh_numpy.py's;
// the counter `action` (S = beta F of the configuration) checks that they are.
#include <ATen/ATen.h>
#include <benchmark/benchmark.h>

#include <vector>

#include "bbg/exact/falicov_kimball_model.hpp"
#include "bench_setup.hpp"
#include "fk_bench_spins.hpp"

namespace {

constexpr int64_t kBatch = 64;

void BM_FkLapackDirect(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const bbg::exact::FalicovKimballModel model(l, l, bbg_bench::kFkHopping, bbg_bench::kFkInteraction);
  const auto s = bbg_bench::fk_spins(n, 1);
  std::vector<double> h(n * n), eps(n);
  bbg::exact::EigenWorkspace ws;
  for (auto _ : state) {
    model.spectrum(s.data(), eps.data(), h.data(), ws);
    benchmark::DoNotOptimize(eps.data());
  }
  state.counters["action"] = bbg::exact::fermion_action(eps.data(), n, bbg_bench::kFkBeta);
  state.counters["matrices_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FkLapackDirect)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

void BM_FkEigvalshBatched(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const bbg::exact::FalicovKimballModel model(l, l, bbg_bench::kFkHopping, bbg_bench::kFkInteraction);
  const auto s = bbg_bench::fk_spins(n, 1);
  at::Tensor h = at::empty({kBatch, n, n}, at::kDouble);
  for (auto _ : state) {
    for (int64_t b = 0; b < kBatch; ++b) model.one_body_matrix(s.data(), h.data_ptr<double>() + b * n * n);
    at::Tensor eps = at::linalg_eigvalsh(h);
    benchmark::DoNotOptimize(eps.data_ptr<double>());
  }
  state.counters["matrices_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FkEigvalshBatched)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

void BM_FkEigvalshSingle(benchmark::State& state) {
  bbg_bench::quiet_single_thread();
  const int64_t l = state.range(0), n = l * l;
  const bbg::exact::FalicovKimballModel model(l, l, bbg_bench::kFkHopping, bbg_bench::kFkInteraction);
  const auto s = bbg_bench::fk_spins(n, 1);
  at::Tensor h = at::empty({n, n}, at::kDouble);
  for (auto _ : state) {
    model.one_body_matrix(s.data(), h.data_ptr<double>());
    at::Tensor eps = at::linalg_eigvalsh(h);
    benchmark::DoNotOptimize(eps.data_ptr<double>());
  }
  state.counters["matrices_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FkEigvalshSingle)->Arg(4)->Arg(8)->Arg(16)->ArgName("L")->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) { return bbg_bench::run_with_bbg_allocator(argc, argv); }
