// Turns a sampler's ChainRecord into estimates for every reported observable of
// a target: primaries by the Gamma method (with R-hat and bulk ESS across chains),
// derived quantities by the Gamma method on their linearisation, with the binned
// jackknife as a cross-check.
#pragma once
#include <string>
#include <vector>

#include "bbg/estimate/summary.hpp"

namespace bbg {

class Target;
struct ChainRecord;

struct ObservableEstimate {
  std::string name, description;
  bool derived = false;
  ObservableStats stats;
};

std::vector<ObservableEstimate> analyze_chains(const Target& target, const ChainRecord& record);

}  // namespace bbg
