// What a many-chain Markov sampler hands to the analysis: per-chain time series
// of every primary observable of the target.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bbg {

struct ChainRecord {
  // name -> [chain][sample]
  std::map<std::string, std::vector<std::vector<double>>> series;
  int64_t chains = 0, samples = 0;
};

}  // namespace bbg
