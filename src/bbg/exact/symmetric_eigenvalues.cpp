#include "bbg/exact/symmetric_eigenvalues.hpp"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

// LAPACK's Fortran interface; the trailing arguments are gfortran's hidden
// lengths of the two character arguments.
extern "C" void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
                        double* work, const int* lwork, int* iwork, const int* liwork, int* info, size_t jobz_len,
                        size_t uplo_len);

namespace bbg {
namespace exact {

// The OpenMP OpenBLAS threads its BLAS-2 kernels over omp_get_max_threads() outside a
// parallel region; for these small matrices that costs 100x on a loaded machine
// (measured: L = 4 enumeration 16 s with 2 threads, 0.16 s with 1), so one thread.
SingleThreadedLapack::SingleThreadedLapack(int n)
    : single_(n < 512 && !omp_in_parallel() && omp_get_max_threads() > 1), saved_threads_(omp_get_max_threads()) {
  if (single_) omp_set_num_threads(1);
}

SingleThreadedLapack::~SingleThreadedLapack() {
  if (single_) omp_set_num_threads(saved_threads_);
}

namespace {

// dsyevd's optimal workspace for (jobz, n), asked once per thread (lwork = liwork = -1): more
// than the documented minimum (jobz = 'N' lwork >= 2n + 1, liwork >= 1; jobz = 'V' lwork >=
// 1 + 6n + 2n^2, liwork >= 3 + 5n) lets dsytrd use its blocked reduction from n >= 128 on
// (bench/bench_fk_eigenvalues: 15 % less time at n = 256, the same below).
std::pair<int, int> optimal_workspace(const char* jobz, int n) {
  thread_local std::map<std::pair<char, int>, std::pair<int, int>> known;
  const auto key = std::make_pair(*jobz, n);
  const auto found = known.find(key);
  if (found != known.end()) return found->second;
  const bool vectors = *jobz == 'V';
  std::pair<int, int> sizes = {vectors ? 1 + 6 * n + 2 * n * n : 2 * n + 1, vectors ? 3 + 5 * n : 1};
  double work = 0, a = 0, w = 0;
  int iwork = 0, query = -1, info = 0;
  dsyevd_(jobz, "L", &n, &a, &n, &w, &work, &query, &iwork, &query, &info, 1, 1);
  if (info == 0) sizes = {std::max(sizes.first, static_cast<int>(work)), std::max(sizes.second, iwork)};
  return known[key] = sizes;
}

void dsyevd(const char* jobz, double* a, int n, double* eigenvalues, EigenWorkspace& ws) {
  if (n <= 0) return;
  const auto [lwork, liwork] = optimal_workspace(jobz, n);
  if (static_cast<int>(ws.work.size()) < lwork) ws.work.resize(lwork);
  if (static_cast<int>(ws.iwork.size()) < liwork) ws.iwork.resize(liwork);
  int info = 0;
  {
    const SingleThreadedLapack guard(n);
    dsyevd_(jobz, "L", &n, a, &n, eigenvalues, ws.work.data(), &lwork, ws.iwork.data(), &liwork, &info, 1, 1);
  }
  if (info != 0) throw std::runtime_error("dsyevd failed (info = " + std::to_string(info) + ")");
}

}  // namespace

void symmetric_eigenvalues(double* a, int n, double* eigenvalues, EigenWorkspace& ws) {
  dsyevd("N", a, n, eigenvalues, ws);
}

void symmetric_eigensystem(double* a, int n, double* eigenvalues, EigenWorkspace& ws) {
  dsyevd("V", a, n, eigenvalues, ws);
}

}  // namespace exact
}  // namespace bbg
