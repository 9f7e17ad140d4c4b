#include "bbg/surrogate/binary_flip_chain.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "bbg/sampler/penalty.hpp"

namespace bbg {

FlipAcceptance flip_acceptance_from_name(const std::string& name) {
  if (name == "exact") return FlipAcceptance::kExact;
  if (name == "mean") return FlipAcceptance::kSurrogateMean;
  if (name == "penalty") return FlipAcceptance::kPenalty;
  if (name == "delayed") return FlipAcceptance::kDelayed;
  throw std::invalid_argument("flip acceptance \"" + name + "\": allowed: exact, mean, penalty, delayed");
}

BinaryFlipChain::BinaryFlipChain(ExactEnergy exact, SurrogateFlip surrogate, FlipAcceptance method,
                                 std::vector<double> spins, uint64_t seed, uint64_t stream,
                                 std::unique_ptr<ExactFlipEnergy> incremental)
    : exact_(std::move(exact)),
      incremental_(std::move(incremental)),
      surrogate_(std::move(surrogate)),
      method_(method),
      spins_(std::move(spins)),
      rng_(seed, stream),
      energy_(std::numeric_limits<double>::quiet_NaN()) {
  if (spins_.empty()) throw std::invalid_argument("binary flip chain: no sites");
  const bool needs_exact = method_ == FlipAcceptance::kExact || method_ == FlipAcceptance::kDelayed;
  if (needs_exact && !exact_ && !incremental_)
    throw std::invalid_argument("binary flip chain: this method needs the exact energy");
  if (method_ != FlipAcceptance::kExact && !surrogate_)
    throw std::invalid_argument("binary flip chain: this method needs a surrogate");
  if (needs_exact) {
    if (incremental_) {
      incremental_->reset(spins_);
      energy_ = incremental_->energy();
    } else {
      energy_ = exact_(spins_);
    }
    ++counters_.exact_evaluations;
  }
}

void BinaryFlipChain::step() {
  const int64_t k = static_cast<int64_t>(rng_.below(spins_.size()));
  const double u = rng_.uniform();  // one uniform per proposal (stage 1 for delayed)
  ++counters_.proposals;
  auto exact_delta = [&](double* new_energy) {
    if (incremental_) {
      *new_energy = incremental_->flip_energy(k);
    } else {
      spins_[k] = -spins_[k];
      *new_energy = exact_(spins_);
      spins_[k] = -spins_[k];
    }
    ++counters_.exact_evaluations;
    return *new_energy - energy_;
  };
  bool accept = false;
  double new_energy = energy_;
  switch (method_) {
    case FlipAcceptance::kExact:
      accept = std::log(u) < -exact_delta(&new_energy);
      break;
    case FlipAcceptance::kSurrogateMean:
      accept = std::log(u) < -surrogate_(spins_, k).mean;
      break;
    case FlipAcceptance::kPenalty: {
      const SurrogateDelta d = surrogate_(spins_, k);
      const double penalty =
          d.degrees_of_freedom > 0.0 ? penalty_estimated_variance(d.variance, d.degrees_of_freedom) : 0.5 * d.variance;
      accept = std::log(u) < -d.mean - penalty;
      break;
    }
    case FlipAcceptance::kDelayed: {
      const double mu = surrogate_(spins_, k).mean;
      if (!(std::log(u) < -mu)) break;
      ++counters_.first_stage_accepted;
      const double delta = exact_delta(&new_energy);
      accept = std::log(rng_.uniform()) < -delta + mu;
      break;
    }
  }
  if (accept) {
    spins_[k] = -spins_[k];
    energy_ = new_energy;
    if (incremental_) incremental_->accept_flip(k);
    ++counters_.accepted;
  }
}

void BinaryFlipChain::cumulative_step(int64_t inner) {
  if (method_ != FlipAcceptance::kExact && method_ != FlipAcceptance::kDelayed)
    throw std::logic_error("cumulative update: needs the exact energy of the current state (exact or delayed)");
  if (!surrogate_) throw std::logic_error("cumulative update: needs a surrogate");
  std::vector<double> start = spins_;
  double surrogate_change = 0.0;
  for (int64_t t = 0; t < inner; ++t) {
    const int64_t k = static_cast<int64_t>(rng_.below(spins_.size()));
    const double mu = surrogate_(spins_, k).mean;
    if (std::log(rng_.uniform()) < -mu) {
      spins_[k] = -spins_[k];
      surrogate_change += mu;
    }
  }
  ++counters_.blocks;
  std::unique_ptr<ExactFlipEnergy> kept;  // the state before the block, restored on rejection
  double new_energy = 0.0;
  if (incremental_) {
    kept = incremental_->clone();
    incremental_->reset(spins_);
    new_energy = incremental_->energy();
  } else {
    new_energy = exact_(spins_);
  }
  ++counters_.exact_evaluations;
  if (std::log(rng_.uniform()) < -(new_energy - energy_) + surrogate_change) {
    energy_ = new_energy;
    ++counters_.blocks_accepted;
  } else {
    spins_ = std::move(start);
    if (kept) incremental_ = std::move(kept);
  }
}

}  // namespace bbg
