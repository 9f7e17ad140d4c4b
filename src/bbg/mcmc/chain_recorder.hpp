// Turns the configuration blocks of run_chains (sampler/chain_driver.hpp) into a
// ChainRecord: each block is measured in one batched call of Target::measure and
// then handed to the ConfigurationSink (HDF5 storage).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "bbg/estimate/chain_record.hpp"

namespace bbg {

class Target;

// Receives configurations of a block: data is [chains][count][event_size] doubles,
// starting at sample index `first`.
using ConfigurationSink = std::function<void(int64_t first, int64_t count, const std::vector<double>& data)>;

class ChainRecorder {
 public:
  ChainRecorder(const Target& target, int64_t chains, int64_t samples, ConfigurationSink sink);
  void record(int64_t first, int64_t count, const std::vector<double>& data);
  ChainRecord& result() { return record_; }

 private:
  const Target& target_;
  ConfigurationSink sink_;
  ChainRecord record_;
};

}  // namespace bbg
