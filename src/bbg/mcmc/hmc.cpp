#include "bbg/mcmc/hmc.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/mcmc/dual_averaging.hpp"
#include "bbg/mcmc/tensor_kernel.hpp"
#include "bbg/targets/field_kernel.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {
namespace {

void require_positive(const ConfigSection& s, const std::string& key, int64_t v, int64_t min) {
  if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
}

struct Chain {
  std::vector<double> x, x_start, p, scratch;
  double action = 0.0, step = 0.1;
  int64_t steps = 1;
  Rng rng;
  DualAveraging adaptation;
  int64_t accepted = 0, trajectories = 0, integration_steps = 0;
};

int64_t steps_for(const HmcSettings& s, double eps) {
  if (s.leapfrog_steps > 0) return s.leapfrog_steps;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(s.trajectory_length / eps - 1e-9)));
}

// One HMC trajectory; returns the acceptance probability min(1, exp(-dH)) and stores dH.
double trajectory(const FieldKernel& kernel, const HmcSettings& settings, Chain& c, double& delta_h) {
  const int64_t n = kernel.size();
  double kinetic = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    c.p[i] = c.rng.normal();
    kinetic += c.p[i] * c.p[i];
  }
  std::copy(c.x.begin(), c.x.end(), c.x_start.begin());
  integrate(settings.integrator, kernel, c.x.data(), c.p.data(), c.step, c.steps, c.scratch.data());
  double kinetic_end = 0.0;
  for (int64_t i = 0; i < n; ++i) kinetic_end += c.p[i] * c.p[i];
  const double action_end = kernel.action(c.x.data());
  delta_h = (action_end + 0.5 * kinetic_end) - (c.action + 0.5 * kinetic);
  const double accept_prob = std::isfinite(delta_h) ? std::min(1.0, std::exp(-delta_h)) : 0.0;
  c.integration_steps += c.steps;
  c.trajectories += 1;
  if (c.rng.uniform() < accept_prob) {
    c.action = action_end;
    c.accepted += 1;
  } else {
    std::copy(c.x_start.begin(), c.x_start.end(), c.x.begin());
  }
  return accept_prob;
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
  std::unique_ptr<FieldKernel> adapter;
  const FieldKernel* kernel = target.kernel();
  if (!kernel) {
    adapter = make_tensor_kernel(target);
    kernel = adapter.get();
  }
  const int64_t n = kernel->size();
  std::vector<Chain> chains(static_cast<size_t>(settings.chains));
  for (int64_t c = 0; c < settings.chains; ++c) {
    Chain& ch = chains[c];
    ch.rng.reseed(settings.seed, static_cast<uint64_t>(c));
    ch.x.resize(n);
    ch.x_start.resize(n);
    ch.p.resize(n);
    ch.scratch.resize(n);
    for (auto& v : ch.x) v = settings.init_width * ch.rng.normal();
    ch.action = kernel->action(ch.x.data());
    ch.step = settings.step_size;
    ch.steps = steps_for(settings, ch.step);
    ch.adaptation = DualAveraging(settings.step_size, settings.target_acceptance);
  }

  HmcResult result;
  auto& diag = result.diagnostics;
  const auto warm_start = std::chrono::steady_clock::now();
  {
    Progress progress("hmc warm-up", settings.warmup * settings.chains, "trajectories");
    const int64_t block = std::max<int64_t>(1, std::min<int64_t>(settings.warmup, 100));
    for (int64_t done = 0; done < settings.warmup; done += block) {
      const int64_t count = std::min(block, settings.warmup - done);
      parallel_for_each(settings.chains, [&](int64_t c) {
        Chain& ch = chains[c];
        double dh;
        for (int64_t t = 0; t < count; ++t) {
          const double a = trajectory(*kernel, settings, ch, dh);
          if (settings.adapt) {
            ch.step = ch.adaptation.update(a);
            ch.steps = steps_for(settings, ch.step);
          }
        }
      });
      progress.update((done + count) * settings.chains);
      if (interrupt_requested()) throw Interrupted("interrupted during HMC warm-up; no result was written");
    }
    progress.finish();
  }
  for (auto& ch : chains) {
    if (settings.adapt && settings.warmup > 0) ch.step = ch.adaptation.averaged_step();
    ch.steps = steps_for(settings, ch.step);
    ch.accepted = ch.trajectories = ch.integration_steps = 0;
  }
  diag.warmup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - warm_start).count();
  diag.delta_h.assign(settings.chains, {});

  const auto start = std::chrono::steady_clock::now();
  BlockSchedule schedule{settings.chains, settings.samples, settings.block, "hmc"};
  result.record = run_blocks(
      target, schedule,
      [&](int64_t c, int64_t count, double* out) {
        Chain& ch = chains[c];
        double dh;
        for (int64_t t = 0; t < count; ++t) {
          for (int64_t k = 0; k < settings.thin; ++k) {
            trajectory(*kernel, settings, ch, dh);
            diag.delta_h[c].push_back(dh);
          }
          std::copy(ch.x.begin(), ch.x.end(), out + t * n);
        }
      },
      sink);
  diag.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& ch : chains) {
    diag.step_size.push_back(ch.step);
    diag.steps_per_trajectory.push_back(ch.steps);
    diag.acceptance.push_back(static_cast<double>(ch.accepted) / std::max<int64_t>(1, ch.trajectories));
    diag.leapfrog_steps += ch.integration_steps;
    diag.force_evaluations += ch.trajectories * force_evaluations_per_trajectory(settings.integrator, ch.steps);
    diag.trajectories += ch.trajectories;
  }
  return result;
}

}  // namespace bbg
