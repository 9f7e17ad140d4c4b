#include "bbg/core/allocator.hpp"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bbg {

bool configure_allocator() {
#if defined(__GLIBC__)
  if (std::getenv("MALLOC_TOP_PAD_") != nullptr) return false;
  constexpr int kTopPad = 1 << 30;
  return mallopt(M_TOP_PAD, kTopPad) == 1;
#else
  return false;
#endif
}

}  // namespace bbg
