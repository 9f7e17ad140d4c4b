#include "bbg/core/cholesky.hpp"

#include <cmath>

namespace bbg {

bool cholesky_lower(std::vector<double>& a, int64_t p) {
  for (int64_t i = 0; i < p; ++i) {
    for (int64_t j = 0; j <= i; ++j) {
      double s = a[i * p + j];
      for (int64_t k = 0; k < j; ++k) s -= a[i * p + k] * a[j * p + k];
      if (i == j) {
        if (!(s > 0.0)) return false;
        a[i * p + i] = std::sqrt(s);
      } else {
        a[i * p + j] = s / a[j * p + j];
      }
    }
    for (int64_t k = i + 1; k < p; ++k) a[i * p + k] = 0.0;
  }
  return true;
}

}  // namespace bbg
