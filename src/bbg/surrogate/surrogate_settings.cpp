#include "bbg/surrogate/surrogate_settings.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {

bayes::PosteriorSettings surrogate_posterior_defaults() {
  bayes::PosteriorSettings p;
  p.samplers = {"sghmc", "ensemble"};
  p.chains = 4;
  p.warmup = 500;
  p.samples = 500;
  p.weight_thin = 10;
  p.batch_size = 100;
  p.map_steps = 2000;
  p.map_learning_rate = 1e-2;
  p.ensemble_steps = 2000;
  p.ensemble_learning_rate = 1e-2;
  p.sghmc_learning_rate = 1e-8;  // 1e-6 diverged on 4x4, 1e-7 ran away on 8x8 (n = 1000; docs/surrogate_mc.md)
  return p;
}

SurrogateSettings read_surrogate_settings(const ConfigSection& b, const ConfigSection& posterior, int64_t length,
                                          uint64_t seed) {
  SurrogateSettings s;
  s.seed = seed;
  s.surrogates = b.get_string_list("surrogates", s.surrogates);
  if (s.surrogates.empty()) throw ConfigError(b.path("surrogates"), "[]", "must name at least one surrogate");
  for (const auto& m : s.surrogates) {
    b.require_choice("surrogates", m, {"linear", "network"});
    if (std::count(s.surrogates.begin(), s.surrogates.end(), m) > 1)
      throw ConfigError(b.path("surrogates"), "\"" + m + "\"", "each surrogate may be named once");
  }
  s.methods = b.get_string_list("methods", s.methods);
  if (s.methods.empty()) throw ConfigError(b.path("methods"), "[]", "must name at least one method");
  for (const auto& m : s.methods) {
    b.require_choice("methods", m, {"exact", "mean", "draws", "penalty", "delayed", "cumulative", "generative"});
    if (std::count(s.methods.begin(), s.methods.end(), m) > 1)
      throw ConfigError(b.path("methods"), "\"" + m + "\"", "each method may be named once");
  }
  auto at_least = [&](const std::string& key, int64_t fallback, int64_t minimum) {
    const int64_t v = b.get_int(key, fallback);
    if (v < minimum) throw ConfigError(b.path(key), std::to_string(v), "must be >= " + std::to_string(minimum));
    return v;
  };
  s.train_configurations = at_least("train_configurations", s.train_configurations, 2);
  s.range = at_least("range", s.range, 1);
  if (s.range >= length)
    throw ConfigError(b.path("range"), std::to_string(s.range),
                      "must be < L = " + std::to_string(length) + " (a pair at distance L is a site with itself)");
  s.plaquette = b.get_bool("plaquette", s.plaquette);
  s.prior_scale = b.get_double("prior_scale", s.prior_scale);
  if (!(s.prior_scale > 0.0) || !std::isfinite(s.prior_scale))
    throw ConfigError(b.path("prior_scale"), format_config_value(s.prior_scale), "must be > 0");
  s.draws = at_least("draws", s.draws, 2);
  s.chains = at_least("chains", s.chains, 2);
  s.warmup = at_least("warmup", s.warmup, 0);
  s.sweeps = at_least("sweeps", s.sweeps, 4);
  s.thin = at_least("thin", s.thin, 1);
  s.cumulative_inner = at_least("cumulative_inner", s.cumulative_inner, 0);
  s.train_temperatures = b.get_double_list("train_temperatures", s.train_temperatures);
  for (double t : s.train_temperatures)
    if (!(t > 0.0) || !std::isfinite(t))
      throw ConfigError(b.path("train_temperatures"), format_config_value(t), "temperatures must be > 0");
  s.network_range = at_least("network_range", s.network_range, 1);
  if (2 * s.network_range + 1 > length)
    throw ConfigError(b.path("network_range"), std::to_string(s.network_range),
                      "the window 2r + 1 must fit the lattice: 2r + 1 <= L = " + std::to_string(length));
  s.network_hidden = b.get_int_list("network_hidden", s.network_hidden);
  for (int64_t h : s.network_hidden)
    if (h < 1) throw ConfigError(b.path("network_hidden"), std::to_string(h), "widths must be >= 1");
  s.network_activation = b.get_choice("network_activation", s.network_activation, {"tanh", "relu", "silu"});
  s.network_prior_scale = b.get_double("network_prior_scale", s.network_prior_scale);
  if (!(s.network_prior_scale > 0.0) || !std::isfinite(s.network_prior_scale))
    throw ConfigError(b.path("network_prior_scale"), format_config_value(s.network_prior_scale), "must be > 0");
  s.generative_model = b.get_choice("generative_model", s.generative_model, {"made", "pixelcnn"});
  s.generative_hidden = b.get_int_list("generative_hidden", s.generative_hidden);
  for (int64_t h : s.generative_hidden)
    if (h < 1) throw ConfigError(b.path("generative_hidden"), std::to_string(h), "widths must be >= 1");
  s.generative_train_steps = at_least("generative_train_steps", s.generative_train_steps, 1);
  s.generative_proposals_per_sweep = at_least("generative_proposals_per_sweep", s.generative_proposals_per_sweep, 1);
  if (std::count(s.methods.begin(), s.methods.end(), "generative") == 0)
    for (const char* key :
         {"generative_model", "generative_hidden", "generative_train_steps", "generative_proposals_per_sweep"})
      if (b.has(key)) throw ConfigError(b.path(key), "(set)", "is read only when methods names \"generative\"");
  const bool network = std::count(s.surrogates.begin(), s.surrogates.end(), "network") > 0;
  if (!network) {
    for (const char* key : {"network_range", "network_hidden", "network_activation", "network_prior_scale"})
      if (b.has(key)) throw ConfigError(b.path(key), "(set)", "is read only when surrogates names \"network\"");
    if (posterior.present())
      throw ConfigError("[surrogate_posterior]", "(section)",
                        "is read only when surrogate.surrogates names \"network\"");
  } else {
    bayes::PosteriorSettings defaults = surrogate_posterior_defaults();
    defaults.seed = seed + 101;
    s.network_posterior = bayes::read_posterior_settings(posterior, defaults);
  }
  return s;
}

}  // namespace bbg
