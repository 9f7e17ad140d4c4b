#include "bbg/targets/phi4_conventions.hpp"

#include <cmath>
#include <string>

#include "bbg/core/errors.hpp"

namespace bbg {

MassCouplings hopping_to_mass(const HoppingCouplings& c, int64_t dim) {
  if (!(c.kappa > 0))
    throw UserError("kappa = " + std::to_string(c.kappa) +
                    ": the mass convention needs kappa > 0 (phi' = sqrt(2 kappa) phi)");
  return {(1.0 - 2.0 * c.lambda) / c.kappa - 2.0 * static_cast<double>(dim), c.lambda / (4.0 * c.kappa * c.kappa)};
}

HoppingCouplings mass_to_hopping(const MassCouplings& c, int64_t dim) {
  const double b = 2.0 * static_cast<double>(dim) + c.m2;
  if (c.g < 0) throw UserError("g = " + std::to_string(c.g) + ": the quartic coupling must be >= 0");
  double kappa;
  if (c.g == 0.0) {
    if (!(b > 0))
      throw UserError("m2 = " + std::to_string(c.m2) + ": with g = 0 the hopping form needs m^2 > -2d");
    kappa = 1.0 / b;
  } else {
    // Positive root of 8 g k^2 + b k - 1 = 0, written to avoid cancellation for b > 0.
    const double disc = std::sqrt(b * b + 32.0 * c.g);
    kappa = b > 0 ? 2.0 / (b + disc) : (disc - b) / (16.0 * c.g);
  }
  return {kappa, 4.0 * c.g * kappa * kappa};
}

double log_z_shift_hopping_to_mass(double kappa, int64_t volume) {
  return 0.5 * static_cast<double>(volume) * std::log(2.0 * kappa);
}

}  // namespace bbg
