#include "bbg/mcmc/spin_mcmc.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/mcmc/spin_updates.hpp"
#include "bbg/targets/ising.hpp"

namespace bbg {
namespace {

struct SpinChain {
  std::vector<int8_t> spins;
  std::vector<int32_t> stack;
  Rng rng;
  int64_t flipped = 0, proposals = 0, clusters = 0, cluster_sites = 0;
  void reset_counters() { flipped = proposals = clusters = cluster_sites = 0; }
};

void check_min(const ConfigSection& s, const std::string& key, int64_t v, int64_t min) {
  if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
}

}  // namespace

SpinMcmcSettings SpinMcmcSettings::from_config(const ConfigSection& s, uint64_t seed) {
  SpinMcmcSettings m;
  m.seed = seed;
  m.algorithm = s.get_string("algorithm", m.algorithm);
  if (m.algorithm != "metropolis" && m.algorithm != "wolff") {
    const std::string guess = closest_match(m.algorithm, {"metropolis", "wolff"});
    throw ConfigError(s.path("algorithm"), "\"" + m.algorithm + "\"",
                      "must be \"metropolis\" or \"wolff\"" + (guess.empty() ? "" : " (did you mean \"" + guess + "\"?)"));
  }
  m.chains = s.get_int("chains", m.chains);
  m.warmup = s.get_int("warmup", m.warmup);
  m.samples = s.get_int("samples", m.samples);
  m.thin = s.get_int("thin", m.thin);
  m.block = s.get_int("block", m.block);
  m.clusters_per_sweep = s.get_int("clusters_per_sweep", m.clusters_per_sweep);
  check_min(s, "chains", m.chains, 1);
  check_min(s, "warmup", m.warmup, 0);
  check_min(s, "samples", m.samples, 2);
  check_min(s, "thin", m.thin, 1);
  check_min(s, "block", m.block, 0);
  check_min(s, "clusters_per_sweep", m.clusters_per_sweep, 0);
  return m;
}

SpinMcmcResult run_spin_mcmc(const IsingTarget& target, const SpinMcmcSettings& settings,
                             const ConfigurationSink& sink) {
  const Lattice& lattice = target.lattice();
  const int64_t v = lattice.volume();
  const bool wolff = settings.algorithm == "wolff";
  std::optional<MetropolisUpdater> metropolis;
  std::optional<WolffUpdater> cluster;
  try {
    if (wolff) {
      if (target.field() != 0.0)
        throw std::invalid_argument("Wolff clusters need h = 0 (got h = " + std::to_string(target.field()) +
                                    "); use algorithm = \"metropolis\"");
      cluster.emplace(lattice, target.beta(), target.coupling());
    } else {
      metropolis.emplace(lattice, target.beta(), target.coupling(), target.field());
    }
  } catch (const std::invalid_argument& e) {
    throw ConfigError("mcmc.algorithm", "\"" + settings.algorithm + "\"",
                      std::string(e.what()) + " (target " + target.describe() + ")");
  }

  std::vector<SpinChain> chains(static_cast<size_t>(settings.chains));
  for (int64_t c = 0; c < settings.chains; ++c) {
    auto& ch = chains[c];
    ch.rng.reseed(settings.seed, static_cast<uint64_t>(c));
    ch.spins.resize(v);
    for (auto& s : ch.spins) s = ch.rng.uniform() < 0.5 ? int8_t{1} : int8_t{-1};
  }
  int64_t clusters_per_sweep = std::max<int64_t>(1, settings.clusters_per_sweep);
  auto sweep = [&](SpinChain& ch, bool adaptive) {
    if (!wolff) {
      ch.flipped += metropolis->sweep(ch.spins.data(), ch.rng);
      ch.proposals += v;
      return;
    }
    if (adaptive) {  // warm-up only: enough clusters to touch about V sites
      for (int64_t done = 0; done < v;) {
        const int64_t size = cluster->cluster(ch.spins.data(), ch.rng, ch.stack);
        done += size, ch.flipped += size, ch.clusters += 1;
      }
      return;
    }
    for (int64_t k = 0; k < clusters_per_sweep; ++k) {
      ch.flipped += cluster->cluster(ch.spins.data(), ch.rng, ch.stack);
      ch.clusters += 1;
    }
  };

  SpinMcmcResult result;
  auto& diag = result.diagnostics;
  const auto warm_start = std::chrono::steady_clock::now();
  {
    Progress progress(settings.algorithm + " warm-up", settings.warmup * settings.chains, "sweeps");
    const bool adaptive = wolff && settings.clusters_per_sweep == 0;
    const int64_t half = settings.warmup / 2;
    const int64_t block = std::max<int64_t>(1, std::min<int64_t>(settings.warmup, 100));
    for (int64_t done = 0; done < settings.warmup; done += block) {
      const int64_t count = std::min(block, settings.warmup - done);
      parallel_for_each(settings.chains, [&](int64_t c) {
        for (int64_t t = done; t < done + count; ++t) {
          if (t == half) chains[c].reset_counters();  // cluster statistics from the second half only
          sweep(chains[c], adaptive);
        }
      });
      progress.update((done + count) * settings.chains);
      if (interrupt_requested()) throw Interrupted("interrupted during " + settings.algorithm + " warm-up; no result was written");
    }
    progress.finish();
    if (adaptive) {
      int64_t clusters = 0, sites = 0;
      for (const auto& ch : chains) clusters += ch.clusters, sites += ch.flipped;
      const double mean_size = clusters > 0 ? static_cast<double>(sites) / clusters : 1.0;
      clusters_per_sweep = std::max<int64_t>(1, std::llround(static_cast<double>(v) / mean_size));
    }
  }
  diag.warmup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - warm_start).count();
  for (auto& ch : chains) ch.reset_counters();

  const auto start = std::chrono::steady_clock::now();
  BlockSchedule schedule{settings.chains, settings.samples, settings.block, settings.algorithm};
  result.record = run_blocks(
      target, schedule,
      [&](int64_t c, int64_t count, double* out) {
        auto& ch = chains[c];
        for (int64_t t = 0; t < count; ++t) {
          for (int64_t k = 0; k < settings.thin; ++k) sweep(ch, false);
          std::copy(ch.spins.begin(), ch.spins.end(), out + t * v);
        }
      },
      sink);
  diag.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int64_t clusters = 0;
  for (const auto& ch : chains) {
    diag.spins_flipped += ch.flipped;
    clusters += ch.clusters;
    if (!wolff) diag.acceptance.push_back(static_cast<double>(ch.flipped) / std::max<int64_t>(1, ch.proposals));
  }
  diag.sweeps = settings.chains * settings.samples * settings.thin;
  if (wolff) {
    diag.clusters_per_sweep = clusters_per_sweep;
    diag.mean_cluster_size = clusters > 0 ? static_cast<double>(diag.spins_flipped) / clusters : 0.0;
  }
  return result;
}

}  // namespace bbg
