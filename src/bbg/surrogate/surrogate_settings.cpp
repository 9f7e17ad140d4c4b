#include "bbg/surrogate/surrogate_settings.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {

SurrogateSettings read_surrogate_settings(const ConfigSection& b, int64_t length, uint64_t seed) {
  SurrogateSettings s;
  s.seed = seed;
  s.methods = b.get_string_list("methods", s.methods);
  if (s.methods.empty()) throw ConfigError(b.path("methods"), "[]", "must name at least one method");
  for (const auto& m : s.methods) {
    b.require_choice("methods", m, {"exact", "mean", "draws", "penalty", "delayed", "cumulative"});
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
  return s;
}

}  // namespace bbg
