// The [surrogate] section of `bbg run` on a spin target (docs/surrogate_mc.md): which
// Monte Carlo methods run with the learned effective Hamiltonian, and the fit's settings.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/bayes/posterior_settings.hpp"

namespace bbg {

class ConfigSection;

// The defaults of [surrogate_posterior] (the sampler settings of the neural surrogate).
bayes::PosteriorSettings surrogate_posterior_defaults();

struct SurrogateSettings {
  std::vector<std::string> methods = {"exact", "mean", "draws", "penalty", "delayed", "cumulative"};
  // linear: the conjugate effective Hamiltonian; network: the local neural surrogate, one per
  // sampler of network_posterior (network_surrogate.hpp; "ensemble" is the deep ensemble).
  std::vector<std::string> surrogates = {"linear"};
  int64_t train_configurations = 1000;  // n labelled configurations (from the reference MCMC)
  int64_t range = 2;
  bool plaquette = true;
  double prior_scale = 10.0;
  int64_t draws = 8;  // K posterior draws (or ensemble members) of every surrogate
  // Configurations from exact MC at other temperatures, labelled with this run's E and trained
  // on together with this temperature's (an equal share from each temperature).
  std::vector<double> train_temperatures;
  int64_t network_range = 1;  // r of the (2r + 1) x (2r + 1) window
  std::vector<int64_t> network_hidden = {16};
  std::string network_activation = "relu";  // 3x cheaper than tanh per flip, similar rmse (docs/surrogate_mc.md)
  double network_prior_scale = 1.0;
  // [surrogate_posterior]: the same keys as the [bayes] section of bbg posterior (docs/bayes.md)
  bayes::PosteriorSettings network_posterior = surrogate_posterior_defaults();
  // "generative": the autoregressive independence proposal (generative_proposal.hpp)
  std::string generative_model = "made";
  std::vector<int64_t> generative_hidden = {64};
  int64_t generative_train_steps = 1000;
  int64_t generative_proposals_per_sweep = 1;
  int64_t chains = 4, warmup = 200, sweeps = 2000, thin = 1;
  int64_t cumulative_inner = 0;  // 0: one sweep (L*L proposals) per block
  uint64_t seed = 1;
};

// ConfigError naming the key, the value and what is allowed. posterior: the
// [surrogate_posterior] section, read when surrogates names "network".
SurrogateSettings read_surrogate_settings(const ConfigSection& section, const ConfigSection& posterior, int64_t length,
                                          uint64_t seed);

}  // namespace bbg
