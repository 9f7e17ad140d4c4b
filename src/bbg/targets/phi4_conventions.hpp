// Converter between the two common lattice phi^4 conventions (docs/conventions.md).
//
// Hopping form (bbg):    S = sum_x [ -2 kappa sum_mu phi phi(x+mu) + (1 - 2 lambda) phi^2 + lambda phi^4 ]
// Mass form (e.g. Albergo, Kanwar, Shanahan, PRD 100, 034515 (2019); Nicoli et al.):
//                        S = sum_x [ (1/2) sum_mu (phi'(x+mu) - phi'(x))^2 + (m^2/2) phi'^2 + g phi'^4 ]
// related by phi' = sqrt(2 kappa) phi:
//   m^2 = (1 - 2 lambda) / kappa - 2 d,   g = lambda / (4 kappa^2),
// and inversely kappa is the positive root of 8 g kappa^2 + (2 d + m^2) kappa - 1 = 0,
// lambda = 4 g kappa^2. The Jacobian of phi -> phi' shifts the partition function:
//   ln Z_mass = ln Z_hopping + (V / 2) ln(2 kappa).
// Observables scale with the field: <M^2>_mass = 2 kappa <M^2>_hopping.
#pragma once
#include <cstdint>

namespace bbg {

struct HoppingCouplings {
  double kappa, lambda;
};
struct MassCouplings {
  double m2, g;  // m^2 and the quartic coupling of the mass form
};

MassCouplings hopping_to_mass(const HoppingCouplings& c, int64_t dim);     // needs kappa > 0
HoppingCouplings mass_to_hopping(const MassCouplings& c, int64_t dim);     // needs a positive root
// ln Z_mass - ln Z_hopping for volume V.
double log_z_shift_hopping_to_mass(double kappa, int64_t volume);

}  // namespace bbg
