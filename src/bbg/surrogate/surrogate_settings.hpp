// The [surrogate] section of `bbg run` on a spin target (docs/surrogate_mc.md): which
// Monte Carlo methods run with the learned effective Hamiltonian, and the fit's settings.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

class ConfigSection;

struct SurrogateSettings {
  std::vector<std::string> methods = {"exact", "mean", "draws", "penalty", "delayed", "cumulative"};
  int64_t train_configurations = 1000;  // n labelled configurations (from the reference MCMC)
  int64_t range = 2;
  bool plaquette = true;
  double prior_scale = 10.0;
  int64_t draws = 8;  // K posterior draws for "draws"
  int64_t chains = 4, warmup = 200, sweeps = 2000, thin = 1;
  int64_t cumulative_inner = 0;  // 0: one sweep (L*L proposals) per block
  uint64_t seed = 1;
};

// ConfigError naming the key, the value and what is allowed.
SurrogateSettings read_surrogate_settings(const ConfigSection& section, int64_t length, uint64_t seed);

}  // namespace bbg
