// Single-site-flip Monte Carlo on binary (+-1) configurations whose exact energy is
// expensive, with a cheap surrogate for the energy difference of a proposed flip
// (docs/surrogate_mc.md). Energies are dimensionless (E = beta F; the weight is exp(-E)).
// A proposal flips one uniformly chosen site k; Delta = E(s') - E(s).
//   exact      accept with min(1, exp(-Delta)), one exact evaluation per proposal;
//   mean       min(1, exp(-mu)), mu the surrogate's mean of Delta: no exact evaluation,
//              biased by the surrogate's error (what is usually done);
//   penalty    min(1, exp(-mu - u_B)), v the surrogate's variance of Delta (Ceperley and
//              Dewing, J. Chem. Phys. 110 (1999) 9812): u_B = v / 2 is exact when mu is a
//              fresh Gaussian estimate of Delta with known variance v at every evaluation;
//              when v is itself estimated with k degrees of freedom (a K-member ensemble:
//              k = K - 1, surrogate_energy.hpp) u_B is the corrected penalty of
//              sampler/penalty.hpp, v / 2 + v^2 / (4 (k + 2)) + v^3 / (3 (k + 2) (k + 4));
//              used for surrogate uncertainty by Tzivrailis, Rosso and Kawasaki,
//              arXiv:2506.14594;
//   delayed    delayed acceptance (Christen and Fox, J. Comput. Graph. Stat. 14 (2005) 795):
//              stage 1 accepts with a1 = min(1, exp(-mu)); only then is Delta computed
//              exactly and stage 2 accepts with min(1, exp(-Delta + mu)). The product is a
//              Metropolis-Hastings kernel reversible for exp(-E) whatever the surrogate, with
//              exact evaluations only for the proposals that pass stage 1.
// cumulative_step(n): the cumulative update of self-learning Monte Carlo (Liu, Qi, Meng and
//              Fu, PRB 95, 041101 (2017)): n single-flip Metropolis steps under the surrogate
//              mean alone take s to s', accumulating dE_eff = sum of the accepted mu; the block
//              is accepted with min(1, exp(-(E(s') - E(s)) + dE_eff)). The inner chain is
//              reversible for exp(-E_eff), so the block is exact for exp(-E) with one exact
//              evaluation per n proposals (needs a deterministic surrogate mean: the same mu
//              for the same (s, k), as the conjugate or a fixed-draw surrogate gives).
// The chain keeps E(s) exactly for the exact and delayed methods (it is needed for stage 2);
// for mean and penalty it never evaluates E. Given an ExactFlipEnergy (an exact energy that
// keeps state, e.g. the O(N^2) incremental Falicov-Kimball action), the exact and delayed
// steps ask it for E after one flip instead of calling ExactEnergy on the whole
// configuration; the counts of exact evaluations are the same.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bbg/core/rng.hpp"

namespace bbg {

struct SurrogateDelta {
  double mean = 0.0, variance = 0.0;  // of Delta = E(s with site flipped) - E(s)
  double degrees_of_freedom = 0.0;    // of the variance estimate; 0: the variance is known
};
using ExactEnergy = std::function<double(const std::vector<double>& spins)>;
using SurrogateFlip = std::function<SurrogateDelta(const std::vector<double>& spins, int64_t site)>;

// The exact energy of a current configuration that it keeps, with single flips.
class ExactFlipEnergy {
 public:
  virtual ~ExactFlipEnergy() = default;
  virtual double energy() const = 0;                         // E(s) of the current state
  virtual double flip_energy(int64_t site) = 0;              // E after flipping `site`; the state is unchanged
  virtual void accept_flip(int64_t site) = 0;                // the flip becomes the current state
  virtual void reset(const std::vector<double>& spins) = 0;  // a new state (one full evaluation)
  virtual std::unique_ptr<ExactFlipEnergy> clone() const = 0;
};

enum class FlipAcceptance { kExact, kSurrogateMean, kPenalty, kDelayed };
// "exact" | "mean" | "penalty" | "delayed"; std::invalid_argument otherwise.
FlipAcceptance flip_acceptance_from_name(const std::string& name);

struct FlipChainCounters {
  int64_t proposals = 0, accepted = 0;
  int64_t exact_evaluations = 0;            // calls of the exact energy
  int64_t first_stage_accepted = 0;         // delayed acceptance only
  int64_t blocks = 0, blocks_accepted = 0;  // cumulative updates
};

class BinaryFlipChain {
 public:
  // surrogate may be empty for kExact.
  // incremental (optional): the exact energy with state, used instead of `exact` for single
  // flips; it is reset to `spins` here.
  BinaryFlipChain(ExactEnergy exact, SurrogateFlip surrogate, FlipAcceptance method, std::vector<double> spins,
                  uint64_t seed, uint64_t stream = 0, std::unique_ptr<ExactFlipEnergy> incremental = nullptr);

  void step();  // one proposal
  // One cumulative (SLMC) block of `inner` surrogate proposals; exact and delayed methods only
  // (the chain must know E(s)); std::logic_error otherwise.
  void cumulative_step(int64_t inner);
  void sweep() {
    for (size_t i = 0; i < spins_.size(); ++i) step();
  }
  const std::vector<double>& spins() const { return spins_; }
  const FlipChainCounters& counters() const { return counters_; }
  // E(s) of the current state (exact and delayed methods; NaN otherwise).
  double energy() const { return energy_; }

 private:
  ExactEnergy exact_;
  std::unique_ptr<ExactFlipEnergy> incremental_;
  SurrogateFlip surrogate_;
  FlipAcceptance method_;
  std::vector<double> spins_;
  Rng rng_;
  double energy_;
  FlipChainCounters counters_;
};

}  // namespace bbg
