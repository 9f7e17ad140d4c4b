#include "bbg/surrogate/surrogate_energy.hpp"

#include <stdexcept>

namespace bbg {

SurrogateDelta ensemble_delta(const double* y, int64_t k) {
  if (k < 2) throw std::invalid_argument("ensemble_delta: needs at least 2 members, got " + std::to_string(k));
  double mean = 0.0;
  for (int64_t i = 0; i < k; ++i) mean += y[i];
  mean /= static_cast<double>(k);
  double ss = 0.0;
  for (int64_t i = 0; i < k; ++i) ss += (y[i] - mean) * (y[i] - mean);
  const double kd = static_cast<double>(k);
  return SurrogateDelta{mean, ss / (kd - 1.0) * (1.0 + 1.0 / kd), kd - 1.0};
}

}  // namespace bbg
