// The generative-model part of a run: train a Density on the target (resuming
// from the run directory's checkpoint), save it, use it as a sampler (NIS and
// NMCMC), compare with the reference MCMC chains (forward ESS, mode dropping),
// write flow_samples.h5 and return the JSON parts of the summary.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "bbg/jobs/run_setup.hpp"

namespace bbg {

class Density;
class Target;
namespace io {
class RunDirectory;
}

// Adds "model", "train", "nis", "nmcmc", "mode_dropping", "forward_ess_per_sample"
// to `summary` and returns the trained model. run.reference (if any) names the
// reference chains in `dir`.
std::shared_ptr<Density> run_model_part(const RunSetup& run, io::RunDirectory& dir, nlohmann::json& summary,
                                        std::ostream& table);

// run.train with a bare forward-KL data file name resolved in the run directory.
TrainSettings effective_train_settings(const RunSetup& run, const io::RunDirectory& dir);
// What a training checkpoint must match to be resumed.
std::string train_fingerprint(const Target& target, const ModelSpec& spec, const TrainSettings& settings);

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
