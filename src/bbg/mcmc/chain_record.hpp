// What a many-chain Markov sampler produces: per-chain time series of every
// primary observable of the target, plus a hook that receives each block of
// configurations (for HDF5 storage). The block driver below is shared by HMC,
// Metropolis and Wolff: chains advance in parallel block by block, then the
// block is measured in one batched call of Target::measure.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bbg {

class Target;

struct ChainRecord {
  // name -> [chain][sample]
  std::map<std::string, std::vector<std::vector<double>>> series;
  int64_t chains = 0, samples = 0;
};

// Receives configurations of a block: data is [chains][count][event_size] doubles,
// starting at sample index `first`.
using ConfigurationSink = std::function<void(int64_t first, int64_t count, const std::vector<double>& data)>;

// Advances chain `chain` by `count` samples, writing each sampled configuration to
// out[t * event_size ...]. Called concurrently for different chains.
using ChainAdvance = std::function<void(int64_t chain, int64_t count, double* out)>;

struct BlockSchedule {
  int64_t chains = 1, samples = 0, block = 0;  // block 0: automatic
  std::string label = "sampling";
};

// Runs the schedule; checks for Ctrl-C between blocks (throws Interrupted).
ChainRecord run_blocks(const Target& target, const BlockSchedule& schedule, const ChainAdvance& advance,
                       const ConfigurationSink& sink);

// Splits work into blocks small enough for memory and progress updates.
int64_t automatic_block(int64_t chains, int64_t samples, int64_t event_size);

}  // namespace bbg
