// One many-chain driver for every sampler: warm-up (the chain set runs its
// adaptation inside warmup_transition), thinning, threads, progress, checkpoint
// and exact resume, and delivery of the stored configurations block by block.
//
// Chains advance in parallel (parallel_for_each) block by block; each chain must
// use only its own random stream (Rng reseeded with (seed, chain)), so results do
// not depend on the number of threads. Between blocks the driver checks for
// Ctrl-C (throws Interrupted) and, when a checkpoint path is set, saves the chain
// set (states, RNG snapshots, adaptation) and its own position atomically
// (io::Checkpoint). A run given an existing checkpoint resumes from it and
// continues bit for bit as the uninterrupted run would; blocks delivered before
// the checkpoint are not delivered again (the caller keeps what it needs).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bbg {

class Rng;
namespace io {
class Checkpoint;
}

class ChainSet {
 public:
  virtual ~ChainSet() = default;
  virtual int64_t chains() const = 0;
  virtual int64_t event_size() const = 0;  // doubles per stored configuration
  // Warm-up transition number `iteration` (0-based) of one chain, adaptation included.
  virtual void warmup_transition(int64_t chain, int64_t iteration) = 0;
  // Called once, serially, after warm-up (also when there is none): freeze adaptation.
  virtual void end_warmup() {}
  virtual void transition(int64_t chain) = 0;  // one sampling-phase transition
  virtual void write(int64_t chain, double* out) const = 0;  // current configuration
  // Everything needed to continue exactly: chain states, RNG snapshots, adaptation.
  virtual void save(io::Checkpoint& checkpoint) const = 0;
  virtual void restore(const io::Checkpoint& checkpoint) = 0;
};

struct DriverSettings {
  int64_t warmup = 0, samples = 0;
  int64_t thin = 1;   // transitions per stored sample
  int64_t block = 0;  // samples per block; 0: automatic_block
  std::string label = "sampling";      // progress and messages: "<label> warm-up", "<label>"
  std::string warmup_unit = "transitions";
  bool progress = true;                // false: silent (the caller prints its own line)
  std::string checkpoint;              // empty: no checkpoint
};

struct DriverTimes {
  double warmup_seconds = 0.0, seconds = 0.0;
};

// data: [chains][count][event_size] doubles, samples first .. first + count - 1.
using BlockHandler = std::function<void(int64_t first, int64_t count, const std::vector<double>& data)>;

DriverTimes run_chains(ChainSet& set, const DriverSettings& settings, const BlockHandler& on_block);

// Samples per block: about 4 M doubles (32 MB) of configurations, at most 1000.
int64_t automatic_block(int64_t chains, int64_t samples, int64_t event_size);

// RNG snapshots in a checkpoint, bit-exact.
void save_rng(io::Checkpoint& checkpoint, const std::string& key, const Rng& rng);
void restore_rng(const io::Checkpoint& checkpoint, const std::string& key, Rng& rng);

}  // namespace bbg
