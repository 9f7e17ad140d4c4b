// The generative-model part of a run: train a Density on the target (resuming
// from the run directory's checkpoint), save it, use it as a sampler (NIS and
// NMCMC), compare with the reference MCMC chains (forward ESS, mode dropping),
// write flow_samples.h5 and return the JSON parts of the summary.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

namespace io {
class RunDirectory;
}

// Adds "model", "train", "nis", "nmcmc", "mode_dropping", "forward_ess_per_sample"
// to `summary`. `reference_h5` ("" = none) holds the reference chains.
void run_model_part(const RunSetup& run, io::RunDirectory& dir, const std::string& reference_h5,
                    nlohmann::json& summary, std::ostream& table);

// `bbg sample RUN_DIR -n N`: loads the run's configuration and trained model,
// samples N more configurations and returns the estimates (also written to
// RUN_DIR/sample_summary.json).
nlohmann::json sample_command(const std::string& run_dir, int64_t samples, std::optional<int64_t> threads,
                              std::ostream& table);

// exact | reference MCMC | model q (variational) | model NIS | model NMCMC, from the
// summary JSON; reference_key is "hmc" or "mcmc" (the summary section of the reference run).
void print_model_comparison(std::ostream& os, const nlohmann::json& summary, const std::string& reference_key);

}  // namespace bbg
