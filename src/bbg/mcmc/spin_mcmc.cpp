#include "bbg/mcmc/spin_mcmc.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/spin_kernels.hpp"
#include "bbg/targets/falicov_kimball.hpp"
#include "bbg/targets/falicov_kimball_exchange_kernel.hpp"
#include "bbg/targets/falicov_kimball_flip_kernel.hpp"
#include "bbg/targets/ising.hpp"

namespace bbg {
namespace {

void check_min(const ConfigSection& s, const std::string& key, int64_t v, int64_t min) {
  if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
}

}  // namespace

SpinMcmcSettings SpinMcmcSettings::from_config(const ConfigSection& s, uint64_t seed,
                                               const std::string& default_algorithm) {
  SpinMcmcSettings m;
  m.seed = seed;
  m.algorithm = s.get_string("algorithm", default_algorithm);
  if (m.algorithm != "metropolis" && m.algorithm != "wolff" && m.algorithm != "exchange") {
    const std::string guess = closest_match(m.algorithm, {"metropolis", "wolff", "exchange"});
    throw ConfigError(s.path("algorithm"), "\"" + m.algorithm + "\"",
                      "must be \"metropolis\", \"wolff\" or \"exchange\"" +
                          (guess.empty() ? "" : " (did you mean \"" + guess + "\"?)"));
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

std::string default_spin_algorithm(const Target& target) {
  if (const auto* fk = dynamic_cast<const FalicovKimballTarget*>(&target))
    return fk->particles() ? "exchange" : "metropolis";
  return "wolff";
}

void check_spin_algorithm(const Target& target, const std::string& algorithm) {
  const std::string value = "\"" + algorithm + "\"";
  if (dynamic_cast<const IsingTarget*>(&target)) {
    if (algorithm == "exchange")
      throw ConfigError("mcmc.algorithm", value,
                        "pair exchange is for falicov_kimball; the ising target allows \"metropolis\" or \"wolff\"");
    return;
  }
  const auto* fk = dynamic_cast<const FalicovKimballTarget*>(&target);
  if (!fk)
    throw ConfigError("target.kind", "\"" + target.kind() + "\"",
                      "`bbg mcmc` samples the spin models ising and falicov_kimball; use `bbg hmc` for continuous "
                      "targets");
  if (algorithm == "wolff")
    throw ConfigError("mcmc.algorithm", value,
                      "Wolff clusters need the Ising bond energy; falicov_kimball allows \"metropolis\" (single "
                      "flips, grand canonical) or \"exchange\" (pair exchange, with target.particles set)");
  if (algorithm == "exchange" && !fk->particles())
    throw ConfigError("mcmc.algorithm", value,
                      "pair exchange keeps the particle number fixed: set target.particles (e.g. N/2 = " +
                          std::to_string(fk->model().sites() / 2) + ") or use \"metropolis\"");
  if (algorithm == "metropolis" && fk->particles())
    throw ConfigError("mcmc.algorithm", value,
                      "single flips change the particle number, but target.particles = " +
                          std::to_string(*fk->particles()) + " fixes it: use \"exchange\" or omit target.particles");
}

namespace {

using KernelFactory = std::function<std::unique_ptr<SpinKernel>()>;

// Hot start: each spin up with probability 1/2; or exactly `up` up spins at random sites
// (a Fisher-Yates shuffle).
void initial_spins(std::vector<int8_t>& spins, Rng& rng, std::optional<int64_t> up) {
  if (!up) {
    for (auto& s : spins) s = rng.uniform() < 0.5 ? int8_t{1} : int8_t{-1};
    return;
  }
  const int64_t n = static_cast<int64_t>(spins.size());
  for (int64_t i = 0; i < n; ++i) spins[i] = i < *up ? int8_t{1} : int8_t{-1};
  for (int64_t i = n - 1; i > 0; --i) std::swap(spins[i], spins[rng.below(static_cast<uint64_t>(i + 1))]);
}

// Spin chains for run_chains: one SpinKernel per chain from `make_kernel` (one sweep
// per step, or one Wolff cluster); a Wolff sweep is a fixed number of clusters, set from
// the mean cluster size of the second half of warm-up when clusters_per_sweep = 0.
// The checkpoint keys keep their historical prefix "ising.".
class SpinChains : public ChainSet {
 public:
  SpinChains(int64_t volume, const SpinMcmcSettings& settings, bool wolff, const KernelFactory& make_kernel,
             std::optional<int64_t> up_spins)
      : settings_(settings), volume_(volume), wolff_(wolff), chains_(settings.chains) {
    clusters_per_sweep_ = std::max<int64_t>(1, settings.clusters_per_sweep);
    adaptive_ = wolff_ && settings.clusters_per_sweep == 0;
    for (int64_t c = 0; c < settings.chains; ++c) {
      Chain& ch = chains_[c];
      ch.rng.reseed(settings.seed, static_cast<uint64_t>(c));
      ch.state.spins.resize(volume_);
      initial_spins(ch.state.spins, ch.rng, up_spins);
      ch.kernel = make_kernel();
    }
  }

  int64_t chains() const override { return static_cast<int64_t>(chains_.size()); }
  int64_t event_size() const override { return volume_; }

  void warmup_transition(int64_t c, int64_t iteration) override {
    Chain& ch = chains_[c];
    if (iteration == settings_.warmup / 2) ch.reset_counters();  // cluster statistics from the second half only
    if (!adaptive_) return sweep(ch);
    for (int64_t done = 0; done < volume_;) {  // warm-up only: enough clusters to touch about V sites
      const int64_t size = ch.kernel->step(ch.state, ch.rng).moves_accepted;
      done += size, ch.flipped += size, ch.clusters += 1;
    }
  }

  void end_warmup() override {
    if (adaptive_) {
      int64_t clusters = 0, sites = 0;
      for (const auto& ch : chains_) clusters += ch.clusters, sites += ch.flipped;
      const double mean_size = clusters > 0 ? static_cast<double>(sites) / clusters : 1.0;
      clusters_per_sweep_ = std::max<int64_t>(1, std::llround(static_cast<double>(volume_) / mean_size));
    }
    for (auto& ch : chains_) ch.reset_counters();
  }

  void transition(int64_t c) override { sweep(chains_[c]); }

  void write(int64_t c, double* out) const override {
    std::copy(chains_[c].state.spins.begin(), chains_[c].state.spins.end(), out);
  }

  void save(io::Checkpoint& ck) const override {
    ck.put_int64s("ising.clusters_per_sweep", {clusters_per_sweep_});
    for (size_t c = 0; c < chains_.size(); ++c) {
      const Chain& ch = chains_[c];
      const std::string k = "ising." + std::to_string(c);
      save_rng(ck, k + ".rng", ch.rng);
      ck.put_bytes(k + ".spins", std::vector<uint8_t>(ch.state.spins.begin(), ch.state.spins.end()));
      ck.put_int64s(k + ".counters", {ch.flipped, ch.proposals, ch.clusters});
    }
  }

  void restore(const io::Checkpoint& ck) override {
    clusters_per_sweep_ = ck.get_int64s("ising.clusters_per_sweep").at(0);
    for (size_t c = 0; c < chains_.size(); ++c) {
      Chain& ch = chains_[c];
      const std::string k = "ising." + std::to_string(c);
      restore_rng(ck, k + ".rng", ch.rng);
      const auto spins = ck.get_bytes(k + ".spins");
      ch.state.spins.assign(spins.begin(), spins.end());
      const auto n = ck.get_int64s(k + ".counters");
      ch.flipped = n.at(0), ch.proposals = n.at(1), ch.clusters = n.at(2);
    }
  }

  struct Chain {
    SpinState state;
    std::unique_ptr<SpinKernel> kernel;
    Rng rng;
    int64_t flipped = 0, proposals = 0, clusters = 0;
    void reset_counters() { flipped = proposals = clusters = 0; }
  };
  const std::vector<Chain>& all() const { return chains_; }
  int64_t clusters_per_sweep() const { return clusters_per_sweep_; }

 private:
  void sweep(Chain& ch) {
    if (!wolff_) {
      const StepInfo info = ch.kernel->step(ch.state, ch.rng);
      ch.flipped += info.moves_accepted;
      ch.proposals += info.moves_proposed;
      return;
    }
    for (int64_t k = 0; k < clusters_per_sweep_; ++k) {
      ch.flipped += ch.kernel->step(ch.state, ch.rng).moves_accepted;
      ch.clusters += 1;
    }
  }

  const SpinMcmcSettings& settings_;
  int64_t volume_;
  bool wolff_, adaptive_ = false;
  int64_t clusters_per_sweep_ = 1;
  std::vector<Chain> chains_;
};

}  // namespace

SpinMcmcResult run_spin_mcmc(const Target& target, const SpinMcmcSettings& settings, const ConfigurationSink& sink) {
  check_spin_algorithm(target, settings.algorithm);
  const bool wolff = settings.algorithm == "wolff";
  std::optional<MetropolisUpdater> metropolis;
  std::optional<WolffUpdater> cluster;
  std::optional<int64_t> up_spins;
  KernelFactory make_kernel;
  if (const auto* ising = dynamic_cast<const IsingTarget*>(&target)) {
    const Lattice& lattice = ising->lattice();
    try {
      if (wolff) {
        if (ising->field() != 0.0)
          throw std::invalid_argument("Wolff clusters need h = 0 (got h = " + std::to_string(ising->field()) +
                                      "); use algorithm = \"metropolis\"");
        cluster.emplace(lattice, ising->beta(), ising->coupling());
        make_kernel = [&] { return std::make_unique<WolffKernel>(*cluster); };
      } else {
        metropolis.emplace(lattice, ising->beta(), ising->coupling(), ising->field());
        make_kernel = [&] { return std::make_unique<CheckerboardMetropolisKernel>(*metropolis); };
      }
    } catch (const std::invalid_argument& e) {
      throw ConfigError("mcmc.algorithm", "\"" + settings.algorithm + "\"",
                        std::string(e.what()) + " (target " + target.describe() + ")");
    }
  } else {
    const auto& fk = dynamic_cast<const FalicovKimballTarget&>(target);
    up_spins = fk.particles();
    if (settings.algorithm == "exchange") {
      // two rank-one changes per proposal (targets/falicov_kimball_exchange_kernel.hpp)
      make_kernel = [fk_target = &fk] { return std::make_unique<FalicovKimballExchangeKernel>(*fk_target); };
    } else {
      // the incremental exact action: O(N^2) per proposal (targets/falicov_kimball_flip_kernel.hpp)
      make_kernel = [fk_target = &fk] { return std::make_unique<FalicovKimballFlipKernel>(*fk_target); };
    }
  }
  SpinChains chains(target.event_size(), settings, wolff, make_kernel, up_spins);

  DriverSettings ds;
  ds.warmup = settings.warmup;
  ds.samples = settings.samples;
  ds.thin = settings.thin;
  ds.block = settings.block;
  ds.label = settings.algorithm;
  ds.warmup_unit = "sweeps";
  ChainRecorder recorder(target, settings.chains, settings.samples, sink);
  const DriverTimes times = run_chains(chains, ds, [&](int64_t first, int64_t count, const std::vector<double>& data) {
    recorder.record(first, count, data);
  });

  SpinMcmcResult result;
  result.record = std::move(recorder.result());
  auto& diag = result.diagnostics;
  diag.warmup_seconds = times.warmup_seconds;
  diag.seconds = times.seconds;
  int64_t clusters = 0;
  for (const auto& ch : chains.all()) {
    diag.spins_flipped += ch.flipped;
    clusters += ch.clusters;
    if (!wolff) diag.acceptance.push_back(static_cast<double>(ch.flipped) / std::max<int64_t>(1, ch.proposals));
  }
  diag.sweeps = settings.chains * settings.samples * settings.thin;
  if (wolff) {
    diag.clusters_per_sweep = chains.clusters_per_sweep();
    diag.mean_cluster_size = clusters > 0 ? static_cast<double>(diag.spins_flipped) / clusters : 0.0;
  }
  return result;
}

}  // namespace bbg
