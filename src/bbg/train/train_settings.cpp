#include "bbg/train/train_settings.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/model_registry.hpp"

namespace bbg {
namespace {

void at_least(const ConfigSection& s, const std::string& key, int64_t v, int64_t min) {
  if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
}

}  // namespace

TrainSettings TrainSettings::defaults_for(const std::string& model_kind) {
  TrainSettings t;
  if (model_kind.empty()) return t;
  const TrainDefaults& d = model_kind_info(model_kind).train_defaults;
  t.objective = d.objective;
  t.learning_rate = d.learning_rate;
  t.clip = d.clip;
  return t;
}

TrainSettings TrainSettings::from_config(const ConfigSection& s, uint64_t seed, bool discrete_target,
                                         const std::string& default_data, const std::string& model_kind) {
  TrainSettings t = defaults_for(model_kind);
  t.seed = seed;
  t.objective = s.get_string("objective", model_kind.empty() ? (discrete_target ? "reinforce" : "reverse_kl")
                                                             : t.objective);
  if (discrete_target) {
    s.require_choice("objective", t.objective, {"reinforce", "forward_kl"});
  } else {
    s.require_choice("objective", t.objective, {"reverse_kl", "reverse_kl_path", "forward_kl"});
  }
  t.steps = s.get_int("steps", t.steps);
  at_least(s, "steps", t.steps, 0);
  t.batch = s.get_int("batch", t.batch);
  at_least(s, "batch", t.batch, 2);
  t.learning_rate = s.get_double("learning_rate", t.learning_rate);
  if (!(t.learning_rate > 0))
    throw ConfigError(s.path("learning_rate"), format_config_value(t.learning_rate), "must be > 0");
  t.schedule = s.get_string("schedule", t.schedule);
  s.require_choice("schedule", t.schedule, {"constant", "cosine", "step"});
  t.schedule_step = s.get_int("schedule_step", t.schedule_step);
  at_least(s, "schedule_step", t.schedule_step, 1);
  t.schedule_gamma = s.get_double("schedule_gamma", t.schedule_gamma);
  if (!(t.schedule_gamma > 0 && t.schedule_gamma <= 1))
    throw ConfigError(s.path("schedule_gamma"), format_config_value(t.schedule_gamma), "must lie in (0, 1]");
  t.min_learning_rate = s.get_double("min_learning_rate", t.min_learning_rate);
  if (!(t.min_learning_rate >= 0 && t.min_learning_rate <= t.learning_rate))
    throw ConfigError(s.path("min_learning_rate"), format_config_value(t.min_learning_rate),
                      "must lie in [0, learning_rate]");
  t.clip = s.get_double("clip", t.clip);
  if (!(t.clip >= 0)) throw ConfigError(s.path("clip"), format_config_value(t.clip), "must be >= 0 (0 = no clipping)");
  t.anneal_beta_start = s.get_double("anneal_beta_start", t.anneal_beta_start);
  if (!(t.anneal_beta_start > 0 && t.anneal_beta_start <= 1))
    throw ConfigError(s.path("anneal_beta_start"), format_config_value(t.anneal_beta_start), "must lie in (0, 1]");
  t.anneal_steps = s.get_int("anneal_steps", t.anneal_steps);
  at_least(s, "anneal_steps", t.anneal_steps, 0);
  t.log_every = s.get_int("log_every", t.log_every);
  at_least(s, "log_every", t.log_every, 1);
  t.eval_batch = s.get_int("eval_batch", t.eval_batch);
  at_least(s, "eval_batch", t.eval_batch, 0);
  if (t.eval_batch == 0) t.eval_batch = t.batch;
  t.checkpoint_every = s.get_int("checkpoint_every", t.checkpoint_every);
  at_least(s, "checkpoint_every", t.checkpoint_every, 1);
  t.max_bad_steps = s.get_int("max_bad_steps", t.max_bad_steps);
  at_least(s, "max_bad_steps", t.max_bad_steps, 1);
  t.data = s.get_string("data", t.objective == "forward_kl" ? default_data : "");
  if (t.objective == "forward_kl" && t.data.empty())
    throw ConfigError(s.path("data"), "\"\"",
                      "forward_kl needs an HDF5 file with \"configurations\" (e.g. hmc.h5 of a `bbg hmc` run)");
  t.holdout = s.get_double("holdout", t.objective == "forward_kl" ? 0.25 : 0.0);
  if (t.objective != "forward_kl" && s.has("holdout"))
    throw ConfigError(s.path("holdout"), format_config_value(t.holdout),
                      "only applies to objective = \"forward_kl\" (this run uses \"" + t.objective + "\")");
  if (!(t.holdout >= 0 && t.holdout < 1))
    throw ConfigError(s.path("holdout"), format_config_value(t.holdout),
                      "must lie in [0, 1): the fraction of reference chains left out of forward-KL training");
  if (t.objective == "forward_kl" && t.anneal_steps > 0)
    throw ConfigError(s.path("anneal_steps"), std::to_string(t.anneal_steps),
                      "annealing only applies to reverse-KL objectives");
  return t;
}

double learning_rate_at(const TrainSettings& s, int64_t step) {
  if (s.schedule == "cosine") {
    const double progress = s.steps > 0 ? std::min(1.0, static_cast<double>(step) / s.steps) : 1.0;
    return s.min_learning_rate + (s.learning_rate - s.min_learning_rate) * 0.5 * (1.0 + std::cos(M_PI * progress));
  }
  if (s.schedule == "step") return s.learning_rate * std::pow(s.schedule_gamma, static_cast<double>(step / s.schedule_step));
  return s.learning_rate;
}

double beta_at(const TrainSettings& s, int64_t step) {
  if (s.anneal_steps <= 0) return 1.0;
  const double f = std::min(1.0, static_cast<double>(step) / s.anneal_steps);
  return s.anneal_beta_start + (1.0 - s.anneal_beta_start) * f;
}

}  // namespace bbg
