#include "bbg/jobs/reference_samples.hpp"

#include <filesystem>

#include "bbg/core/errors.hpp"
#include "bbg/io/h5_writer.hpp"

namespace bbg {

ReferenceSamples hmc_reference() { return {"hmc", "hmc", "hmc.h5", "HMC"}; }

ReferenceSamples spin_mcmc_reference(const SpinMcmcSettings& settings) {
  return {settings.algorithm, "mcmc", "mcmc.h5", settings.algorithm};
}

std::optional<ReferenceSamples> reference_for(const std::optional<HmcSettings>& hmc,
                                              const std::optional<SpinMcmcSettings>& mcmc) {
  if (hmc) return hmc_reference();
  if (mcmc) return spin_mcmc_reference(*mcmc);
  return std::nullopt;
}

std::optional<ReferenceSamples> stored_reference(const std::string& run_dir,
                                                 const std::optional<ReferenceSamples>& expected) {
  if (!expected) return std::nullopt;
  const std::string path = (std::filesystem::path(run_dir) / expected->file).string();
  if (!std::filesystem::exists(path)) return std::nullopt;
  const io::H5Reader h5(path);
  const std::string stored = h5.has_attribute("/", "sampler") ? h5.attribute_string("/", "sampler") : "";
  if (stored != expected->sampler)
    throw UserError(path + " was written by the sampler \"" + stored + "\", but the run's config.toml names \"" +
                    expected->sampler + "\"");
  return expected;
}

}  // namespace bbg
