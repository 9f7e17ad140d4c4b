// Output of a run: the JSON summary (the same object goes to --json stdout and to
// summary.json) and the terminal comparison table. Every number that leaves the
// program carries its error and a statement of what the error contains.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "bbg/estimate/chain_analysis.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

nlohmann::json target_json(const Target& target);
nlohmann::json exact_json(const Target& target, const ExactResults& exact);
nlohmann::json estimates_json(const std::vector<ObservableEstimate>& estimates);
nlohmann::json conventions_json();

// exact | estimate ± error | tau_int | deviation in standard errors; per-time
// correlator entries are left to the JSON.
void print_comparison(std::ostream& os, const std::string& sampler_label, const ExactResults& exact,
                      const std::vector<ObservableEstimate>& estimates);

}  // namespace bbg
