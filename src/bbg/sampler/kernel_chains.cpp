#include "bbg/sampler/kernel_chains.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

KernelChains::KernelChains(int64_t chains, int64_t warmup, uint64_t seed, const KernelFactory& factory)
    : warmup_(warmup), chains_(static_cast<size_t>(chains)) {
  if (chains < 1) throw std::invalid_argument("KernelChains: chains must be >= 1, got " + std::to_string(chains));
  for (int64_t c = 0; c < chains; ++c) {
    Chain& ch = chains_[c];
    ch.rng.reseed(seed, static_cast<uint64_t>(c));
    ch.parts = factory(c, ch.rng);
    if (!ch.parts.kernel) throw std::invalid_argument("KernelChains: the factory returned no kernel");
    const int64_t n = static_cast<int64_t>(ch.parts.kernel->position().size());
    if (c > 0 && n != size_) throw std::invalid_argument("KernelChains: chains of different dimensions");
    size_ = n;
  }
}

void KernelChains::warmup_transition(int64_t c, int64_t iteration) {
  Chain& ch = chains_[c];
  const StepInfo info = ch.parts.kernel->warmup_step(ch.rng, iteration, warmup_);
  ch.counters.warmup_gradient_evaluations += info.gradient_evaluations;
}

void KernelChains::end_warmup() {
  for (Chain& ch : chains_) ch.parts.kernel->end_warmup();
}

void KernelChains::transition(int64_t c) {
  Chain& ch = chains_[c];
  const StepInfo info = ch.parts.kernel->step(ch.rng);
  ChainCounters& k = ch.counters;
  k.transitions += 1;
  k.accepted += info.accepted ? 1 : 0;
  k.acceptance_statistic_sum += info.acceptance_statistic;
  k.gradient_evaluations += info.gradient_evaluations;
  k.value_evaluations += info.value_evaluations;
}

void KernelChains::write(int64_t c, double* out) const {
  const auto& q = chains_[c].parts.kernel->position();
  std::copy(q.begin(), q.end(), out);
}

void KernelChains::save(io::Checkpoint& ck) const {
  for (size_t c = 0; c < chains_.size(); ++c) {
    const Chain& ch = chains_[c];
    const std::string k = "chain." + std::to_string(c);
    save_rng(ck, k + ".rng", ch.rng);
    const ChainCounters& n = ch.counters;
    ck.put_int64s(k + ".counters", {n.transitions, n.accepted, n.gradient_evaluations, n.warmup_gradient_evaluations,
                                    n.value_evaluations});
    ck.put_doubles(k + ".acceptance_sum", {n.acceptance_statistic_sum});
    ch.parts.kernel->save(ck, k + ".kernel");
    if (ch.parts.potential) ch.parts.potential->save(ck, k + ".potential");
  }
}

void KernelChains::restore(const io::Checkpoint& ck) {
  for (size_t c = 0; c < chains_.size(); ++c) {
    Chain& ch = chains_[c];
    const std::string k = "chain." + std::to_string(c);
    restore_rng(ck, k + ".rng", ch.rng);
    const auto n = ck.get_int64s(k + ".counters");
    ch.counters.transitions = n.at(0), ch.counters.accepted = n.at(1), ch.counters.gradient_evaluations = n.at(2);
    ch.counters.warmup_gradient_evaluations = n.at(3), ch.counters.value_evaluations = n.at(4);
    ch.counters.acceptance_statistic_sum = ck.get_doubles(k + ".acceptance_sum").at(0);
    ch.parts.kernel->restore(ck, k + ".kernel");
    if (ch.parts.potential) ch.parts.potential->restore(ck, k + ".potential");
  }
}

}  // namespace bbg
