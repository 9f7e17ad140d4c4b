#include "bbg/estimate/chain_analysis.hpp"

#include "bbg/estimate/chain_record.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

std::vector<ObservableEstimate> analyze_chains(const Target& target, const ChainRecord& record) {
  std::vector<ObservableEstimate> out;
  for (const auto& p : target.primaries()) {
    if (p.internal) continue;
    out.push_back({p.name, p.description, false, summarize(record.series.at(p.name))});
  }
  for (const auto& d : target.derived()) {
    std::vector<std::vector<std::vector<double>>> inputs;
    for (const auto& name : d.inputs) inputs.push_back(record.series.at(name));
    out.push_back({d.name, d.description, true, summarize_derived(inputs, d.f)});
  }
  return out;
}

}  // namespace bbg
