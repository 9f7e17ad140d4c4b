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

// Draws the run directory's PNG plots (io/plots.hpp) and says on `table` which were
// written, or why none were (a warning: plots are an extra, never an error).
void draw_plots(const std::string& run_dir, std::ostream& table);

// exact | estimate ± error | tau_int | deviation in standard errors; per-time
// correlator entries are left to the JSON.
void print_comparison(std::ostream& os, const std::string& sampler_label, const ExactResults& exact,
                      const std::vector<ObservableEstimate>& estimates);

}  // namespace bbg
