// Hybrid (Hamiltonian) Monte Carlo for continuous targets (Duane, Kennedy,
// Pendleton, Roweth, PLB 195 (1987) 216), many independent chains.
//
// One trajectory: p ~ N(0, 1); integrate H = p^2/2 + S(x) for n steps of size eps;
// accept with probability min(1, exp(-dH)). The trajectory length tau is fixed and
// n = ceil(tau / eps) (or n is fixed by `leapfrog_steps`). During warm-up each
// chain tunes eps by dual averaging to the target acceptance; the averaged step is
// then frozen, so sampling is a fixed, reversible Markov kernel.
// Chains use their own random streams (seed, chain), so results do not depend on
// the number of threads. A thin use of the sampler core: HmcChains
// (sampler/hmc_chains.hpp) driven by run_chains (sampler/chain_driver.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/mcmc/chain_recorder.hpp"
#include "bbg/mcmc/integrators.hpp"

namespace bbg {

class ConfigSection;
class Target;

struct HmcSettings {
  int64_t chains = 8, warmup = 500, samples = 5000;
  double trajectory_length = 1.0;
  int64_t leapfrog_steps = 0;  // 0: ceil(trajectory_length / step_size)
  Integrator integrator = Integrator::Leapfrog;
  double step_size = 0.1;  // initial (adapted) or fixed (adapt = false)
  bool adapt = true;
  double target_acceptance = 0.8;
  int64_t thin = 1;  // trajectories per stored sample
  double init_width = 0.5;  // initial fields ~ N(0, init_width^2)
  int64_t block = 0;
  uint64_t seed = 1;
  bool progress = true;  // false: no progress lines (the caller prints its own)

  static HmcSettings from_config(const ConfigSection& section, uint64_t seed);
};

struct HmcDiagnostics {
  std::vector<double> step_size;          // per chain, after warm-up
  std::vector<int64_t> steps_per_trajectory;
  std::vector<double> acceptance;         // per chain, sampling phase
  std::vector<std::vector<double>> delta_h;  // [chain][trajectory] during sampling
  int64_t leapfrog_steps = 0;             // integration steps, all chains, warm-up excluded
  int64_t force_evaluations = 0;          // same, counting force evaluations
  int64_t trajectories = 0;
  double seconds = 0.0;                   // wall time of the sampling phase
  double warmup_seconds = 0.0;
};

struct HmcResult {
  ChainRecord record;
  HmcDiagnostics diagnostics;
};

HmcResult run_hmc(const Target& target, const HmcSettings& settings, const ConfigurationSink& sink = {});

}  // namespace bbg
