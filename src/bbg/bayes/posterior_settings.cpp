#include "bbg/bayes/posterior_settings.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg::bayes {

namespace {

struct SamplerEntry {
  std::string name, description;
};

const std::vector<SamplerEntry>& entries() {
  static const std::vector<SamplerEntry> list = {
      {"nuts", "No-U-Turn sampler, multinomial (Betancourt 2017), full batch, adapted step and diagonal mass: exact"},
      {"hmc", "Hamiltonian Monte Carlo, full batch, adapted step and diagonal mass: exact"},
      {"mala", "Metropolis-adjusted Langevin, full batch: exact"},
      {"rwm", "random-walk Metropolis with Gaussian proposals, full batch: exact"},
      {"penalty", "penalty Metropolis on minibatches (Ceperley & Dewing 1999): exact for Gaussian noise"},
      {"penalty_langevin", "penalised Langevin proposal on minibatches: exact for Gaussian noise"},
      {"sgld", "stochastic gradient Langevin (Welling & Teh 2011): biased O(step)"},
      {"psgld", "preconditioned SGLD, RMSprop (Li et al. 2016), Gamma term dropped: biased"},
      {"sghmc", "stochastic gradient HMC (Chen, Fox, Guestrin 2014): biased O(step)"},
      {"baoab", "underdamped Langevin, BAOAB splitting (Leimkuhler & Matthews): biased O(step^2)"},
      {"ensemble", "deep ensemble: one MAP fit per chain (Lakshminarayanan et al. 2017): not a posterior sampler"},
  };
  return list;
}

std::string allowed_samplers() {
  std::string s = "must name samplers among";
  for (const auto& e : entries()) s += " " + e.name;
  return s;
}

}  // namespace

const std::vector<std::string>& posterior_sampler_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& e : entries()) n.push_back(e.name);
    return n;
  }();
  return names;
}

std::string posterior_sampler_description(const std::string& name) {
  for (const auto& e : entries())
    if (e.name == name) return e.description;
  return "";
}

bool uses_minibatches(const std::string& name) {
  return name != "hmc" && name != "nuts" && name != "mala" && name != "rwm";
}

bool PosteriorSettings::selected(const std::string& sampler) const {
  return std::find(samplers.begin(), samplers.end(), sampler) != samplers.end();
}

PosteriorSettings read_posterior_settings(const ConfigSection& b, const PosteriorSettings& defaults) {
  PosteriorSettings s = defaults;
  s.samplers = b.get_string_list("sampler", s.samplers);
  if (s.samplers.empty()) throw ConfigError(b.path("sampler"), "[]", allowed_samplers());
  for (size_t i = 0; i < s.samplers.size(); ++i) {
    const auto& name = s.samplers[i];
    const auto& names = posterior_sampler_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      const std::string near = closest_match(name, names);
      throw ConfigError(b.path("sampler"), "\"" + name + "\"",
                        allowed_samplers() + (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
    }
    if (std::find(s.samplers.begin(), s.samplers.begin() + i, name) != s.samplers.begin() + i)
      throw ConfigError(b.path("sampler"), "\"" + name + "\"", "each sampler may be named once");
  }
  auto positive_int = [&](const std::string& key, int64_t fallback, int64_t minimum) {
    const int64_t v = b.get_int(key, fallback);
    if (v < minimum) throw ConfigError(b.path(key), std::to_string(v), "must be >= " + std::to_string(minimum));
    return v;
  };
  auto positive = [&](const std::string& key, double fallback) {
    const double v = b.get_double(key, fallback);
    if (!(v > 0.0)) throw ConfigError(b.path(key), format_config_value(v), "must be > 0");
    return v;
  };
  // A key owned by some samplers: read when one of them is selected, an error when set otherwise.
  auto owned = [&](const std::string& key, const std::vector<std::string>& owners, const std::function<void()>& read) {
    for (const auto& o : owners)
      if (s.selected(o)) return read();
    if (b.has(key)) {
      std::string list;
      for (const auto& o : owners) list += (list.empty() ? "" : ", ") + o;
      s.unused_keys.push_back(b.path(key) + " is set but not used: only " + list +
                              " read it, and bayes.sampler selects none of them");
    }
  };

  s.chains = positive_int("chains", s.chains, 1);
  s.warmup = positive_int("warmup", s.warmup, 0);
  s.samples = positive_int("samples", s.samples, 1);
  s.thin = positive_int("thin", s.thin, 1);
  s.seed = static_cast<uint64_t>(positive_int("seed", static_cast<int64_t>(s.seed), 0));
  s.batch_size = positive_int("batch_size", s.batch_size, 0);
  s.temperature = positive("temperature", s.temperature);
  s.init = b.get_choice("init", s.init, {"map", "prior"});
  s.map_steps = positive_int("map_steps", s.map_steps, 0);
  s.map_learning_rate = positive("map_learning_rate", s.map_learning_rate);
  s.init_scale = positive("init_scale", s.init_scale);
  s.weight_thin = positive_int("weight_thin", s.weight_thin, 1);
  s.band = b.get_double("band", s.band);
  if (!(s.band > 0.0 && s.band < 1.0))
    throw ConfigError(b.path("band"), format_config_value(s.band), "must be in (0, 1)");

  const std::vector<std::string> adjusted_adaptive = {"hmc", "nuts", "mala", "rwm"};
  owned("adapt_mass", adjusted_adaptive, [&] { s.adapt_mass = b.get_bool("adapt_mass", s.adapt_mass); });
  owned("hmc_step_size", {"hmc"}, [&] { s.hmc_step_size = positive("hmc_step_size", s.hmc_step_size); });
  owned("hmc_trajectory_length", {"hmc"},
        [&] { s.hmc_trajectory_length = positive("hmc_trajectory_length", s.hmc_trajectory_length); });
  owned("nuts_step_size", {"nuts"}, [&] { s.nuts_step_size = positive("nuts_step_size", s.nuts_step_size); });
  owned("nuts_max_depth", {"nuts"}, [&] {
    s.nuts_max_depth = positive_int("nuts_max_depth", s.nuts_max_depth, 1);
    if (s.nuts_max_depth > 30)
      throw ConfigError(b.path("nuts_max_depth"), std::to_string(s.nuts_max_depth), "must be <= 30");
  });
  owned("mala_step_size", {"mala"}, [&] { s.mala_step_size = positive("mala_step_size", s.mala_step_size); });
  owned("rwm_scale", {"rwm"}, [&] { s.rwm_scale = positive("rwm_scale", s.rwm_scale); });
  const std::vector<std::string> scheduled = {"sgld", "psgld", "sghmc"};
  owned("schedule", scheduled, [&] {
    s.schedule = b.get_choice("schedule", s.schedule, {"constant", "polynomial", "cyclical"});
  });
  const bool polynomial = s.schedule == "polynomial", cyclical = s.schedule == "cyclical";
  auto schedule_key = [&](const std::string& key, bool active, const std::function<void()>& read) {
    owned(key, scheduled, [&] {
      if (active) return read();
      if (b.has(key))
        s.unused_keys.push_back(b.path(key) + " is set but not used: it is read only with bayes.schedule = \"" +
                                std::string(key == "cycles" || key == "exploration" ? "cyclical" : "polynomial") +
                                "\", not \"" + s.schedule + "\"");
    });
  };
  schedule_key("decay_b", polynomial, [&] { s.decay_b = positive("decay_b", s.decay_b); });
  schedule_key("decay_gamma", polynomial, [&] {
    s.decay_gamma = b.get_double("decay_gamma", s.decay_gamma);
    if (!(s.decay_gamma >= 0.0 && s.decay_gamma <= 1.0))
      throw ConfigError(b.path("decay_gamma"), format_config_value(s.decay_gamma), "must be in [0, 1]");
  });
  schedule_key("cycles", cyclical, [&] { s.cycles = positive_int("cycles", s.cycles, 1); });
  schedule_key("exploration", cyclical, [&] {
    s.exploration = b.get_double("exploration", s.exploration);
    if (!(s.exploration >= 0.0 && s.exploration < 1.0))
      throw ConfigError(b.path("exploration"), format_config_value(s.exploration), "must be in [0, 1)");
  });
  owned("sgld_step_size", {"sgld"}, [&] { s.sgld_step_size = positive("sgld_step_size", s.sgld_step_size); });
  owned("psgld_step_size", {"psgld"}, [&] { s.psgld_step_size = positive("psgld_step_size", s.psgld_step_size); });
  owned("psgld_alpha", {"psgld"}, [&] {
    s.psgld_alpha = b.get_double("psgld_alpha", s.psgld_alpha);
    if (!(s.psgld_alpha >= 0.0 && s.psgld_alpha < 1.0))
      throw ConfigError(b.path("psgld_alpha"), format_config_value(s.psgld_alpha), "must be in [0, 1)");
  });
  owned("psgld_lambda", {"psgld"}, [&] { s.psgld_lambda = positive("psgld_lambda", s.psgld_lambda); });
  owned("sghmc_learning_rate", {"sghmc"},
        [&] { s.sghmc_learning_rate = positive("sghmc_learning_rate", s.sghmc_learning_rate); });
  owned("sghmc_friction", {"sghmc"}, [&] {
    s.sghmc_friction = positive("sghmc_friction", s.sghmc_friction);
    if (s.sghmc_friction >= 1.0)
      throw ConfigError(b.path("sghmc_friction"), format_config_value(s.sghmc_friction), "must be in (0, 1)");
  });
  owned("sghmc_noise_estimate", {"sghmc"}, [&] {
    s.sghmc_noise_estimate = b.get_choice("sghmc_noise_estimate", s.sghmc_noise_estimate, {"none", "split_batch"});
  });
  owned("baoab_step_size", {"baoab"}, [&] { s.baoab_step_size = positive("baoab_step_size", s.baoab_step_size); });
  owned("baoab_friction", {"baoab"}, [&] { s.baoab_friction = positive("baoab_friction", s.baoab_friction); });
  const std::vector<std::string> penalised = {"penalty", "penalty_langevin"};
  owned("penalty_scale", {"penalty"}, [&] { s.penalty_scale = positive("penalty_scale", s.penalty_scale); });
  owned("penalty_minibatches", penalised,
        [&] { s.penalty_minibatches = positive_int("penalty_minibatches", s.penalty_minibatches, 2); });
  owned("penalty_correction", penalised, [&] {
    s.penalty_correction =
        b.get_choice("penalty_correction", s.penalty_correction, {"corrected", "known_variance", "none"});
  });
  owned("penalty_langevin_step_size", {"penalty_langevin"},
        [&] { s.penalty_langevin_step_size = positive("penalty_langevin_step_size", s.penalty_langevin_step_size); });
  owned("ensemble_steps", {"ensemble"},
        [&] { s.ensemble_steps = positive_int("ensemble_steps", s.ensemble_steps, 1); });
  owned("ensemble_learning_rate", {"ensemble"},
        [&] { s.ensemble_learning_rate = positive("ensemble_learning_rate", s.ensemble_learning_rate); });
  return s;
}

}  // namespace bbg::bayes
