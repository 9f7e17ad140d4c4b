#include "bbg/sampler/langevin_chains.hpp"

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

LangevinChains::LangevinChains(const Potential& potential, LangevinChainSettings settings)
    : size_(potential.size()), chains_(static_cast<size_t>(settings.chains)) {
  for (int64_t c = 0; c < settings.chains; ++c) {
    Chain& ch = chains_[c];
    ch.rng.reseed(settings.seed, static_cast<uint64_t>(c));
    std::vector<double> q(size_);
    if (settings.initial) {
      settings.initial(c, ch.rng, q.data());
    } else {
      for (auto& x : q) x = 0.5 * ch.rng.normal();
    }
    ch.metric = settings.metric ? settings.metric->clone() : std::make_unique<UnitMetric>(size_);
    ch.kernel = std::make_unique<LangevinKernel>(potential, *ch.metric, settings.kernel);
    ch.state = ch.kernel->init(std::move(q), ch.rng);
  }
}

void LangevinChains::transition(int64_t c) {
  Chain& ch = chains_[c];
  ch.gradient_evaluations += ch.kernel->step(ch.state, ch.rng).gradient_evaluations;
  ch.transitions += 1;
}

void LangevinChains::write(int64_t c, double* out) const {
  const auto& q = chains_[c].state.q;
  std::copy(q.begin(), q.end(), out);
}

void LangevinChains::save(io::Checkpoint& ck) const {
  for (size_t c = 0; c < chains_.size(); ++c) {
    const Chain& ch = chains_[c];
    const std::string k = "langevin." + std::to_string(c);
    save_rng(ck, k + ".rng", ch.rng);
    ck.put_doubles(k + ".q", ch.state.q);
    ck.put_doubles(k + ".p", ch.state.p);
    ck.put_int64s(k + ".counters", {ch.transitions, ch.gradient_evaluations});
  }
}

void LangevinChains::restore(const io::Checkpoint& ck) {
  for (size_t c = 0; c < chains_.size(); ++c) {
    Chain& ch = chains_[c];
    const std::string k = "langevin." + std::to_string(c);
    restore_rng(ck, k + ".rng", ch.rng);
    ch.state.q = ck.get_doubles(k + ".q");
    ch.state.p = ck.get_doubles(k + ".p");
    const auto n = ck.get_int64s(k + ".counters");
    ch.transitions = n.at(0), ch.gradient_evaluations = n.at(1);
  }
}

}  // namespace bbg
