// The reference samples of a run: which sampler produced them, the summary
// section that reports it and the HDF5 file in the run directory. Decided once
// in the set-up (prepare_run) and carried as data; the file records the
// sampler in its "sampler" attribute, which `bbg sample` checks.
#pragma once
#include <optional>
#include <string>

#include "bbg/mcmc/hmc.hpp"
#include "bbg/mcmc/spin_mcmc.hpp"

namespace bbg {

struct ReferenceSamples {
  std::string sampler;      // "hmc" | "wolff" | "metropolis" (the HDF5 attribute "sampler")
  std::string summary_key;  // "hmc" | "mcmc": the summary.json section of the reference run
  std::string file;         // "hmc.h5" | "mcmc.h5": its samples, relative to the run directory
  std::string label;        // "HMC" | "wolff" | "metropolis": the column heading of the tables
};

ReferenceSamples hmc_reference();
ReferenceSamples spin_mcmc_reference(const SpinMcmcSettings& settings);

// The reference the configured sampler produces: HMC when hmc is set, else the
// spin MCMC when mcmc is set, else none.
std::optional<ReferenceSamples> reference_for(const std::optional<HmcSettings>& hmc,
                                              const std::optional<SpinMcmcSettings>& mcmc);

// `expected` as found in run_dir: none when its file is absent (a run that trained
// without reference sampling); a UserError when the file was written by another sampler.
std::optional<ReferenceSamples> stored_reference(const std::string& run_dir,
                                                 const std::optional<ReferenceSamples>& expected);

}  // namespace bbg
