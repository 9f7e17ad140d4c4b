// The [bayes] section of `bbg posterior`: which samplers run, for how long, and the
// settings of each (docs/bayes.md, "bbg posterior"). Keys that belong to one sampler
// carry its name as a prefix (nuts_max_depth, sghmc_friction, ...); such a key set
// while its sampler is not selected is reported in `unused_keys` (printed and kept in
// the summary's warnings), never silently ignored, so that one config can hold the
// settings of several samplers and `--set bayes.sampler=...` picks among them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg {
class ConfigSection;
}

namespace bbg::bayes {

// Every sampler `bayes.sampler` may name, in the order the table lists them.
const std::vector<std::string>& posterior_sampler_names();
std::string posterior_sampler_description(const std::string& name);
// Whether the sampler runs on minibatches of bayes.batch_size; hmc, nuts, mala and rwm
// always use the full batch (a Metropolis test on a minibatch energy is biased).
bool uses_minibatches(const std::string& name);

struct PosteriorSettings {
  std::vector<std::string> samplers = {"nuts"};
  int64_t chains = 4, warmup = 1000, samples = 1000, thin = 1;
  uint64_t seed = 1;
  int64_t batch_size = 0;    // n for the minibatch samplers (uses_minibatches); 0: the full batch (N)
  double temperature = 1.0;  // T
  std::string init = "map";  // map: each chain minimises U (Adam) from its own prior draw; prior: a prior draw
  int64_t map_steps = 1000;
  double map_learning_rate = 1e-2;
  double init_scale = 1.0;   // prior draws are scaled by this
  int64_t weight_thin = 10;  // every weight_thin-th draw of the weights goes to posterior.h5
  double band = 0.9;         // central probability of the predictive band
  bool adapt_mass = true;    // windowed diagonal inverse mass in warm-up (hmc, nuts, mala, rwm)

  // Per sampler (initial values where the sampler adapts them in warm-up).
  double hmc_step_size = 0.05, hmc_trajectory_length = 1.0;
  double nuts_step_size = 0.05;
  int64_t nuts_max_depth = 10;
  double mala_step_size = 1e-3, rwm_scale = 0.05;
  std::string schedule = "constant";         // sgld, psgld, sghmc: constant | polynomial | cyclical
  double decay_b = 1.0, decay_gamma = 0.55;  // polynomial: eps_t = step (b + t)^-gamma
  int64_t cycles = 4;                        // cyclical: M cycles over the warm-up + sampling steps
  double exploration = 0.5;                  // cyclical: fraction of each cycle without noise
  double sgld_step_size = 1e-4, psgld_step_size = 1e-4;
  double psgld_alpha = 0.99, psgld_lambda = 1e-5;
  double sghmc_learning_rate = 1e-4, sghmc_friction = 0.1;  // eta and alpha of Chen et al. (2014)
  std::string sghmc_noise_estimate = "none";                // none | split_batch
  double baoab_step_size = 1e-2, baoab_friction = 1.0;
  double penalty_scale = 0.02;
  int64_t penalty_minibatches = 4;
  std::string penalty_correction = "corrected";  // corrected | known_variance | none
  double penalty_langevin_step_size = 1e-4;
  int64_t ensemble_steps = 2000;
  double ensemble_learning_rate = 1e-2;

  // Sentences naming keys that were set but are not read by the selected samplers.
  std::vector<std::string> unused_keys;

  bool selected(const std::string& sampler) const;
};

// Reads [bayes] over `defaults` (those of `bbg posterior` unless given); ConfigError
// naming the key, the value and what is allowed.
PosteriorSettings read_posterior_settings(const ConfigSection& bayes, const PosteriorSettings& defaults = {});

}  // namespace bbg::bayes
