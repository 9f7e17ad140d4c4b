// Many-chain Markov chain Monte Carlo for the spin targets. Ising: checkerboard
// Metropolis sweeps or Wolff clusters (sampler/spin_updates.hpp). Falicov-Kimball:
// single-flip Metropolis sweeps ("metropolis", grand canonical) or pair exchange
// ("exchange", target.particles fixed), one exact S = beta F per proposal
// (sampler/spin_action_kernels.hpp); Wolff is an error there. One stored sample
// per `thin` sweeps; chains start hot (random spins; exchange: `particles` up spins at
// random sites) from their own random streams. A thin use of the sampler core: one
// SpinKernel (sampler/spin_kernels.hpp) per chain, driven by run_chains (sampler/chain_driver.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/mcmc/chain_recorder.hpp"

namespace bbg {

class ConfigSection;
class Target;

struct SpinMcmcSettings {
  std::string algorithm = "wolff";  // metropolis | wolff | exchange (allowed per target: check_spin_algorithm)
  int64_t chains = 8, warmup = 500, samples = 5000, thin = 1, block = 0;
  // Wolff clusters per sweep; 0: V / (mean cluster size during warm-up), rounded,
  // at least 1, then fixed for the whole sampling phase.
  int64_t clusters_per_sweep = 0;
  uint64_t seed = 1;

  // default_algorithm: the algorithm when the section has none (default_spin_algorithm).
  static SpinMcmcSettings from_config(const ConfigSection& section, uint64_t seed,
                                      const std::string& default_algorithm = "wolff");
};

// "wolff" for ising, "metropolis" for falicov_kimball ("exchange" with target.particles set).
std::string default_spin_algorithm(const Target& target);
// ConfigError (key mcmc.algorithm) unless `algorithm` samples this target: a spin target
// (ising or falicov_kimball), Wolff only on ising, exchange only on falicov_kimball with
// target.particles set, single flips there only without it.
void check_spin_algorithm(const Target& target, const std::string& algorithm);

struct SpinMcmcDiagnostics {
  int64_t clusters_per_sweep = 0;  // Wolff
  double mean_cluster_size = 0.0;  // Wolff, sampling phase
  std::vector<double> acceptance;  // Metropolis, per chain, sampling phase
  int64_t spins_flipped = 0;       // sampling phase, all chains
  int64_t sweeps = 0;              // sampling phase, all chains
  double seconds = 0.0, warmup_seconds = 0.0;
};

struct SpinMcmcResult {
  ChainRecord record;
  SpinMcmcDiagnostics diagnostics;
};

SpinMcmcResult run_spin_mcmc(const Target& target, const SpinMcmcSettings& settings,
                             const ConfigurationSink& sink = {});

}  // namespace bbg
