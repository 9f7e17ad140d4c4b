// Thread control. One call sets LibTorch's intra-op pool (OpenMP), which the
// OpenMP build of OpenBLAS shares, so N requested threads means N busy threads.
#pragma once
#include <cstdint>

namespace bbg {

void set_threads(int64_t n);  // n >= 1
int64_t get_threads();

// Runs fn(begin, end) over [0, n) on the thread pool, one item per grain.
// Items must be independent; the result must not depend on the thread count.
void parallel_over(int64_t n, void (*fn)(void* ctx, int64_t begin, int64_t end), void* ctx);

template <class F>
void parallel_for_each(int64_t n, F&& f) {
  parallel_over(
      n, [](void* ctx, int64_t b, int64_t e) {
        auto& fn = *static_cast<F*>(ctx);
        for (int64_t i = b; i < e; ++i) fn(i);
      },
      &f);
}

}  // namespace bbg
