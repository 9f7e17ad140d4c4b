// Many-chain Markov chain Monte Carlo for the Ising target: checkerboard
// Metropolis sweeps or Wolff clusters (sampler/spin_updates.hpp). One stored sample
// per `thin` sweeps; chains start hot (random spins) from their own random streams.
// A thin use of the sampler core: one SpinKernel (sampler/spin_kernels.hpp) per
// chain, driven by run_chains (sampler/chain_driver.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/mcmc/chain_recorder.hpp"

namespace bbg {

class ConfigSection;
class IsingTarget;

struct SpinMcmcSettings {
  std::string algorithm = "wolff";  // metropolis | wolff
  int64_t chains = 8, warmup = 500, samples = 5000, thin = 1, block = 0;
  // Wolff clusters per sweep; 0: V / (mean cluster size during warm-up), rounded,
  // at least 1, then fixed for the whole sampling phase.
  int64_t clusters_per_sweep = 0;
  uint64_t seed = 1;

  static SpinMcmcSettings from_config(const ConfigSection& section, uint64_t seed);
};

struct SpinMcmcDiagnostics {
  int64_t clusters_per_sweep = 0;        // Wolff
  double mean_cluster_size = 0.0;        // Wolff, sampling phase
  std::vector<double> acceptance;        // Metropolis, per chain, sampling phase
  int64_t spins_flipped = 0;             // sampling phase, all chains
  int64_t sweeps = 0;                    // sampling phase, all chains
  double seconds = 0.0, warmup_seconds = 0.0;
};

struct SpinMcmcResult {
  ChainRecord record;
  SpinMcmcDiagnostics diagnostics;
};

SpinMcmcResult run_spin_mcmc(const IsingTarget& target, const SpinMcmcSettings& settings,
                             const ConfigurationSink& sink = {});

}  // namespace bbg
