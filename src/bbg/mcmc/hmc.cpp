#include "bbg/mcmc/hmc.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/hmc_chains.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/targets/tensor_potential.hpp"

namespace bbg {
namespace {

void require_positive(const ConfigSection& s, const std::string& key, int64_t v, int64_t min) {
  if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
}

}  // namespace

HmcSettings HmcSettings::from_config(const ConfigSection& s, uint64_t seed) {
  HmcSettings h;
  h.seed = seed;
  h.chains = s.get_int("chains", h.chains);
  h.warmup = s.get_int("warmup", h.warmup);
  h.samples = s.get_int("samples", h.samples);
  h.trajectory_length = s.get_double("trajectory_length", h.trajectory_length);
  h.leapfrog_steps = s.get_int("leapfrog_steps", h.leapfrog_steps);
  h.step_size = s.get_double("step_size", h.step_size);
  h.adapt = s.get_bool("adapt", h.adapt);
  h.target_acceptance = s.get_double("target_acceptance", h.target_acceptance);
  h.thin = s.get_int("thin", h.thin);
  h.init_width = s.get_double("init_width", h.init_width);
  h.block = s.get_int("block", h.block);
  const std::string integrator = s.get_string("integrator", "leapfrog");
  try {
    h.integrator = parse_integrator(integrator);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(s.path("integrator"), "\"" + integrator + "\"", e.what());
  }
  require_positive(s, "chains", h.chains, 1);
  require_positive(s, "warmup", h.warmup, 0);
  require_positive(s, "samples", h.samples, 2);
  require_positive(s, "leapfrog_steps", h.leapfrog_steps, 0);
  require_positive(s, "thin", h.thin, 1);
  require_positive(s, "block", h.block, 0);
  if (!(h.trajectory_length > 0))
    throw ConfigError(s.path("trajectory_length"), format_config_value(h.trajectory_length), "must be > 0");
  if (!(h.step_size > 0)) throw ConfigError(s.path("step_size"), format_config_value(h.step_size), "must be > 0");
  if (!(h.target_acceptance > 0 && h.target_acceptance < 1))
    throw ConfigError(s.path("target_acceptance"), format_config_value(h.target_acceptance),
                      "must lie strictly between 0 and 1");
  if (!(h.init_width >= 0)) throw ConfigError(s.path("init_width"), format_config_value(h.init_width), "must be >= 0");
  return h;
}

HmcResult run_hmc(const Target& target, const HmcSettings& settings, const ConfigurationSink& sink) {
  if (target.discrete()) throw UserError("HMC needs a continuous target; " + target.kind() + " is discrete (use [mcmc])");
  std::unique_ptr<Potential> adapter;
  const Potential* potential = target.kernel();
  if (!potential) {
    adapter = make_tensor_potential(target);
    potential = adapter.get();
  }
  HmcChainSettings cs;
  cs.chains = settings.chains;
  cs.warmup = settings.warmup;
  cs.seed = settings.seed;
  cs.path = {settings.step_size, settings.leapfrog_steps, settings.trajectory_length};
  cs.integrator = integrator_name(settings.integrator);
  cs.adapt_step_size = settings.adapt;
  cs.target_acceptance = settings.target_acceptance;
  const double width = settings.init_width;
  const int64_t n = potential->size();
  cs.initial = [width, n](int64_t, Rng& rng, double* q) {
    for (int64_t i = 0; i < n; ++i) q[i] = width * rng.normal();
  };
  HmcChains chains(*potential, cs);

  DriverSettings ds;
  ds.warmup = settings.warmup;
  ds.samples = settings.samples;
  ds.thin = settings.thin;
  ds.block = settings.block;
  ds.label = "hmc";
  ds.warmup_unit = "trajectories";
  ds.progress = settings.progress;
  ChainRecorder recorder(target, settings.chains, settings.samples, sink);
  const DriverTimes times = run_chains(chains, ds, [&](int64_t first, int64_t count, const std::vector<double>& data) {
    recorder.record(first, count, data);
  });

  HmcResult result;
  result.record = std::move(recorder.result());
  auto& diag = result.diagnostics;
  diag.warmup_seconds = times.warmup_seconds;
  diag.seconds = times.seconds;
  for (int64_t c = 0; c < settings.chains; ++c) {
    const HmcChains::Chain& ch = chains.chain(c);
    diag.step_size.push_back(ch.kernel->step_size());
    diag.steps_per_trajectory.push_back(ch.kernel->steps());
    diag.acceptance.push_back(static_cast<double>(ch.accepted) / std::max<int64_t>(1, ch.trajectories));
    diag.delta_h.push_back(ch.energy_errors);
    diag.leapfrog_steps += ch.integration_steps;
    diag.force_evaluations += ch.gradient_evaluations;
    diag.trajectories += ch.trajectories;
  }
  return result;
}

}  // namespace bbg
