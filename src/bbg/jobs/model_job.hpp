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
// to `summary`. run.reference (if any) names the reference chains in `dir`.
void run_model_part(const RunSetup& run, io::RunDirectory& dir, nlohmann::json& summary, std::ostream& table);

// `bbg sample RUN_DIR -n N`: sets up from the run's config.toml (prepare_finished_run),
// loads its trained model, samples N more configurations and returns the estimates
// (also written to RUN_DIR/sample_summary.json). The reference is the one the
// configuration names, if the run directory holds it (stored_reference).
nlohmann::json sample_job(const std::string& run_dir, int64_t samples, std::optional<int64_t> threads,
                              std::ostream& table);

// exact | reference MCMC | model q (variational) | model NIS | model NMCMC, from the
// summary JSON; the reference column comes from summary[reference->summary_key]
// (an empty "HMC" column when there is no reference).
void print_model_comparison(std::ostream& os, const nlohmann::json& summary,
                            const std::optional<ReferenceSamples>& reference);

}  // namespace bbg
