#include "bbg/core/threads.hpp"

#include <ATen/Parallel.h>
#include <omp.h>
#include <exception>
#include <stdexcept>

namespace bbg {

void set_threads(int64_t n) {
  if (n < 1) throw std::invalid_argument("threads must be >= 1");
  at::set_num_threads(static_cast<int>(n));
  omp_set_num_threads(static_cast<int>(n));
}

int64_t get_threads() { return at::get_num_threads(); }

void parallel_over(int64_t n, void (*fn)(void*, int64_t, int64_t), void* ctx) {
  if (n <= 0) return;
  const int threads = static_cast<int>(std::min<int64_t>(n, at::get_num_threads()));
  if (threads <= 1) {
    fn(ctx, 0, n);
    return;
  }
  // One item at a time (dynamic schedule); exceptions are carried out of the
  // parallel region and rethrown on the calling thread.
  std::exception_ptr error;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (int64_t i = 0; i < n; ++i) {
    try {
      fn(ctx, i, i + 1);
    } catch (...) {
#pragma omp critical(bbg_parallel_error)
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace bbg
