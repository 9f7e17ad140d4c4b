// The [bayes] section of `bbg run` on a configuration with a [model]: the posterior over
// the trained model's weights and what it does to the physics (docs/bayesian_generators.md).
// The sampler keys are those of `bbg posterior` (posterior_settings.hpp: sampler, chains,
// warmup, samples, thin, seed, batch_size, temperature and the sampler-prefixed keys); the
// keys of that section that have no meaning here (init, map_*, init_scale, weight_thin,
// band, ensemble_*) are a ConfigError, and "ensemble" is not a sampler here: the deep
// ensemble is bayes.ensemble independent trainings with the run's [train] settings.
// Keys read only by an unselected sampler or posterior (batch_size and data
// without the data posterior; lambda, variational_* without the variational one) go to
// chains.unused_keys, which the run prints as warnings.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/bayes/posterior_settings.hpp"

namespace bbg {
class ConfigSection;
}

namespace bbg::bayes {

struct GeneratorBayesSettings {
  std::vector<std::string> posteriors = {"data", "variational"};  // data | variational
  // The samplers and their settings. Defaults here (measured on the 8x8 phi^4 flow,
  // docs/bayesian_generators.md): sghmc, 4 chains x (200 warm-up + 200) steps, minibatch
  // 256, sghmc_learning_rate = sgld_step_size = 1e-6 (U is ~1e5 times a per-configuration
  // log density, so the steps of `bbg posterior` would explode).
  PosteriorSettings chains;
  int64_t draws = 8;                 // K posterior draws kept per sampler, spread evenly over chains and time
  int64_t samples_per_draw = 20000;  // M model samples per draw, and for the mixture q_bar
  int64_t data = 30000;              // N reference configurations in D (evenly spaced over the training chains)
  double holdout = 0.25;             // fraction of the reference chains kept out of D (for w_bar, forward ESS)
  double lambda = 1e5;  // variational: pi ∝ p(theta) exp(-lambda F_q) (measured: docs/bayesian_generators.md)
  int64_t variational_batch = 256;   // model draws per F_q estimate
  std::string variational_gradient;  // path | total | reinforce ("" = path for flows, reinforce otherwise)
  std::string prior = "fan_in";      // fixed | fan_in
  double prior_scale = 1.0;          // s (fixed) or c in s_k = c / sqrt(fan_in_k)
  int64_t ensemble = 4;              // deep-ensemble members; 0: none
  int64_t record_batch = 512;        // model draws behind each trace record (R-hat, ESS)
};

// reparameterized: the model is a flow (decides the default gradient, and whether
// path / total are allowed). has_reference: the run produces reference samples (the data
// posterior needs them). ConfigError naming key, value and what is allowed.
GeneratorBayesSettings read_generator_bayes_settings(const ConfigSection& section, bool reparameterized,
                                                     bool has_reference);

}  // namespace bbg::bayes
