// Eigenvalues (and, if asked, eigenvectors) of a real symmetric matrix by LAPACK's
// divide-and-conquer driver dsyevd (jobz = 'N': tridiagonal reduction dsytrd, then dsterf;
// jobz = 'V': dstedc and the back-transformation dormtr), called directly
// through the Fortran interface of the LAPACK that LibTorch already loads
// (Debian: liblapack.so.3, resolved to OpenBLAS by install-deps.sh).
// Reference: E. Anderson et al., LAPACK Users' Guide, 3rd ed. (SIAM 1999), sec. 2.3.4.1.
//
// Measured against at::linalg_eigvalsh (bench/bench_fk_eigenvalues.cpp: the
// Falicov-Kimball h(x), one thread, 2-core Intel VM under load, microseconds per matrix):
//              N = 16   N = 64   N = 256
//   direct      11.8      146     3080
//   eigvalsh    12.2      164     2830   (batched [64, N, N]; LibTorch calls dsyevd as well)
//   eigvalsh    25.8      161     2900   (one [N, N] per call)
// The batched call only matches the direct one; one matrix at a time, as the
// Metropolis kernels need it, the direct call is 2x faster at N = 16 (LibTorch's per-call
// overhead) and equal within noise from N = 64 on. So the direct call everywhere.
// (Those numbers are with dsyevd's minimum workspace; with the optimal one, used since, the
// blocked tridiagonal reduction brings N = 256 to 2.2-2.5 ms, level with eigvalsh; BENCHMARKS.md,
// "Exact Falicov-Kimball energy", also has NumPy and SciPy.)
#pragma once
#include <vector>

namespace bbg {
namespace exact {

// Scratch space of dsyevd, sized on first use; one per thread.
struct EigenWorkspace {
  std::vector<double> work;
  std::vector<int> iwork;
};

// Keeps the OpenMP OpenBLAS to one thread for a LAPACK / BLAS call on matrices of order
// n < 512 outside a parallel region (for these sizes its threads cost far more than they
// gain, see symmetric_eigenvalues.cpp), restoring the thread count on destruction.
class SingleThreadedLapack {
 public:
  explicit SingleThreadedLapack(int n);
  ~SingleThreadedLapack();
  SingleThreadedLapack(const SingleThreadedLapack&) = delete;
  SingleThreadedLapack& operator=(const SingleThreadedLapack&) = delete;

 private:
  bool single_;
  int saved_threads_;
};

// Overwrites the n x n matrix `a` (either triangle suffices; both are read as
// the lower one of a column-major matrix, which for a symmetric matrix is the same)
// and writes its eigenvalues in ascending order to `eigenvalues` (length n).
// Throws std::runtime_error if LAPACK reports failure.
void symmetric_eigenvalues(double* a, int n, double* eigenvalues, EigenWorkspace& workspace);

// The same with eigenvectors (dsyevd, jobz = 'V'): on return `a` holds them column-major,
// column j (a[j * n], ..., a[j * n + n - 1]) the unit eigenvector of eigenvalues[j].
void symmetric_eigensystem(double* a, int n, double* eigenvalues, EigenWorkspace& workspace);

}  // namespace exact
}  // namespace bbg
