#include "bbg/exact/symmetric_eigenvalues.hpp"

#include <omp.h>

#include <cstddef>
#include <stdexcept>
#include <string>

// LAPACK's Fortran interface; the trailing arguments are gfortran's hidden
// lengths of the two character arguments.
extern "C" void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
                        double* work, const int* lwork, int* iwork, const int* liwork, int* info, size_t jobz_len,
                        size_t uplo_len);

namespace bbg {
namespace exact {

void symmetric_eigenvalues(double* a, int n, double* eigenvalues, EigenWorkspace& ws) {
  if (n <= 0) return;
  // jobz = 'N' needs lwork >= 2n + 1 and liwork >= 1 (dsyevd documentation).
  const int lwork = 2 * n + 1, liwork = 1;
  if (static_cast<int>(ws.work.size()) < lwork) ws.work.resize(lwork);
  if (static_cast<int>(ws.iwork.size()) < liwork) ws.iwork.resize(liwork);
  int info = 0;
  // The OpenMP OpenBLAS threads its BLAS-2 kernels over omp_get_max_threads() outside a
  // parallel region; for these small matrices that costs 100x on a loaded machine
  // (measured: L = 4 enumeration 16 s with 2 threads, 0.16 s with 1), so one thread here.
  const bool single = n < 512 && !omp_in_parallel() && omp_get_max_threads() > 1;
  const int saved_threads = omp_get_max_threads();
  if (single) omp_set_num_threads(1);
  dsyevd_("N", "L", &n, a, &n, eigenvalues, ws.work.data(), &lwork, ws.iwork.data(), &liwork, &info, 1, 1);
  if (single) omp_set_num_threads(saved_threads);
  if (info != 0) throw std::runtime_error("dsyevd failed (info = " + std::to_string(info) + ")");
}

}  // namespace exact
}  // namespace bbg
