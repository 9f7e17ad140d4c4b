// An independent ln Z for phi^4 by integration in kappa from kappa = 0, where the
// sites decouple and ln Z(0) = V ln z1(lambda) is exact (single-site integral).
//
// kappa_i = kappa * i / K, i = 0..K. S depends on kappa linearly,
// S_kappa = S_0 + kappa H with H = -2 sum_x sum_mu phi(x) phi(x+mu), so with
// dS_i = (kappa_{i+1} - kappa_i) H the bridge (geometric-mean) identity
//   Z_{i+1} / Z_i = < exp(-dS_i / 2) >_i / < exp(+dS_i / 2) >_{i+1}
// (Bennett, J. Comput. Phys. 22 (1976) 245; Meng & Wong, Stat. Sinica 6 (1996) 831)
// needs only HMC samples at each kappa_i. Regrouped by run,
//   ln Z(kappa) = ln Z(0) + sum_i [ ln <exp(-dS_i/2)>_i - ln <exp(+dS_{i-1}/2)>_i ],
// each bracket is a function of two means of the same run, whose error (with
// autocorrelations) comes from the Gamma method; runs are independent, so the
// squared errors add. The error contains the Monte Carlo error only; the
// estimator's O(1/N) bias is not included.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/mcmc/hmc.hpp"

namespace bbg {

class ConfigSection;
class Phi4Target;

struct FreeEnergySettings {
  bool enabled = true;
  int64_t steps = 8;  // K kappa intervals
  HmcSettings hmc;    // per kappa point (chains, warmup, samples, ...)

  // [free_energy] keys: enabled, steps, chains, warmup, samples; integrator and
  // trajectory settings are taken from the main HMC settings.
  static FreeEnergySettings from_config(const ConfigSection& section, const HmcSettings& main);
};

struct FreeEnergyResult {
  double log_z = 0.0, error = 0.0;
  double log_z_start = 0.0;                 // exact ln Z at kappa = 0
  std::vector<double> kappas;               // K + 1 points
  std::vector<double> contributions, errors;  // per run
  int64_t leapfrog_steps = 0;
  double seconds = 0.0;
};

FreeEnergyResult integrate_free_energy(const Phi4Target& target, const FreeEnergySettings& settings);

}  // namespace bbg
