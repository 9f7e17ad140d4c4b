#include "bbg/bayes/generator_settings.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/bayes/generator_posterior.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg::bayes {

GeneratorBayesSettings read_generator_bayes_settings(const ConfigSection& b, bool reparameterized, bool has_reference) {
  GeneratorBayesSettings s;
  for (const char* key : {"init", "map_steps", "map_learning_rate", "init_scale", "weight_thin", "band",
                          "ensemble_steps", "ensemble_learning_rate"})
    if (b.has(key))
      throw ConfigError(b.path(key), "(set)",
                        "is a `bbg posterior` key with no meaning in `bbg run`: the chains start at the trained "
                        "network, bayes.draws sets the kept draws and bayes.ensemble the ensemble");
  auto at_least = [&](const std::string& key, int64_t fallback, int64_t minimum) {
    const int64_t v = b.get_int(key, fallback);
    if (v < minimum) throw ConfigError(b.path(key), std::to_string(v), "must be >= " + std::to_string(minimum));
    return v;
  };
  auto positive = [&](const std::string& key, double fallback) {
    const double v = b.get_double(key, fallback);
    if (!(v > 0.0) || !std::isfinite(v)) throw ConfigError(b.path(key), format_config_value(v), "must be > 0");
    return v;
  };
  s.posteriors = b.get_string_list("posterior", s.posteriors);
  if (s.posteriors.empty()) throw ConfigError(b.path("posterior"), "[]", "must name data and/or variational");
  for (size_t i = 0; i < s.posteriors.size(); ++i) {
    b.require_choice("posterior", s.posteriors[i], {"data", "variational"});
    if (std::count(s.posteriors.begin(), s.posteriors.end(), s.posteriors[i]) > 1)
      throw ConfigError(b.path("posterior"), "\"" + s.posteriors[i] + "\"", "each posterior may be named once");
  }
  const bool data = std::count(s.posteriors.begin(), s.posteriors.end(), "data") > 0;
  if (data && !has_reference)
    throw ConfigError(b.path("posterior"), "\"data\"",
                      "needs reference samples of p (an [hmc] or [mcmc] sampler in this run); use \"variational\"");
  s.draws = at_least("draws", s.draws, 2);
  s.samples_per_draw = at_least("samples_per_draw", s.samples_per_draw, 100);
  s.data = at_least("data", s.data, 2);
  s.holdout = b.get_double("holdout", s.holdout);
  if (!(s.holdout >= 0.0 && s.holdout < 1.0))
    throw ConfigError(b.path("holdout"), format_config_value(s.holdout), "must be in [0, 1)");
  s.lambda = positive("lambda", s.lambda);
  s.variational_batch = at_least("variational_batch", s.variational_batch, 2);
  s.variational_gradient =
      b.get_choice("variational_gradient", reparameterized ? "path" : "reinforce", {"path", "total", "reinforce"});
  if (!reparameterized && s.variational_gradient != "reinforce")
    throw ConfigError(b.path("variational_gradient"), "\"" + s.variational_gradient + "\"",
                      "needs a reparameterised model (a flow); an autoregressive model allows only \"reinforce\"");
  s.prior = b.get_choice("prior", s.prior, {"fixed", "fan_in"});
  s.prior_scale = positive("prior_scale", s.prior_scale);
  s.ensemble = at_least("ensemble", s.ensemble, 0);
  if (s.ensemble == 1) throw ConfigError(b.path("ensemble"), "1", "must be 0 (none) or >= 2 members");
  s.record_batch = at_least("record_batch", s.record_batch, 2);

  PosteriorSettings defaults;
  defaults.samplers = {"sghmc"};
  defaults.warmup = 200;
  defaults.samples = 200;
  defaults.batch_size = 256;
  defaults.sghmc_learning_rate = 1e-6;
  defaults.sgld_step_size = 1e-6;
  s.chains = read_posterior_settings(b, defaults);
  if (data && s.chains.batch_size > s.data)
    throw ConfigError(b.path("batch_size"), std::to_string(s.chains.batch_size),
                      "must be <= bayes.data = " + std::to_string(s.data) + " (the configurations in D)");
  const bool variational = std::count(s.posteriors.begin(), s.posteriors.end(), "variational") > 0;
  for (const char* key : {"batch_size", "data"})
    if (!data && b.has(key))
      s.chains.unused_keys.push_back(b.path(key) +
                                     " is set but not used: only the data posterior reads it, and "
                                     "bayes.posterior does not select it");
  for (const char* key : {"lambda", "variational_batch", "variational_gradient"})
    if (!variational && b.has(key))
      s.chains.unused_keys.push_back(b.path(key) +
                                     " is set but not used: only the variational posterior reads "
                                     "it, and bayes.posterior does not select it");
  for (const auto& sampler : s.chains.samplers)
    for (const auto& posterior : s.posteriors)
      if (!generator_sampler_allowed(posterior, sampler))
        throw ConfigError(b.path("sampler"), "\"" + sampler + "\"",
                          sampler == "ensemble"
                              ? "is not a sampler in `bbg run`: set bayes.ensemble = K for K independent trainings"
                              : "cannot sample the " + posterior +
                                    " posterior: its energy F_hat is a noisy estimate, so a Metropolis test "
                                    "would be biased; allowed: sgld, psgld, sghmc, baoab");
  return s;
}

}  // namespace bbg::bayes
