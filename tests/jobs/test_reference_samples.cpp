// The reference samples as data: what each sampler's settings name, and how
// `bbg sample` finds them in a run directory by the file's "sampler" attribute.
#include <gtest/gtest.h>

#include <filesystem>

#include "bbg/core/errors.hpp"
#include "bbg/io/h5_writer.hpp"
#include "bbg/jobs/reference_samples.hpp"

namespace {

namespace fs = std::filesystem;

void write_samples(const fs::path& file, const std::string& sampler) {
  bbg::io::H5Writer out(file.string());
  const double x = 0.0;
  out.write("configurations", {1}, &x);
  out.set_attribute("/", "sampler", sampler);
  out.commit();
}

bbg::SpinMcmcSettings spin(const std::string& algorithm) {
  bbg::SpinMcmcSettings s;
  s.algorithm = algorithm;
  return s;
}

TEST(ReferenceSamples, EachSamplerNamesItsFileSectionAndLabel) {
  const auto h = bbg::reference_for(bbg::HmcSettings{}, std::nullopt);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->sampler, "hmc");
  EXPECT_EQ(h->summary_key, "hmc");
  EXPECT_EQ(h->file, "hmc.h5");
  EXPECT_EQ(h->label, "HMC");
  const auto w = bbg::reference_for(std::nullopt, spin("wolff"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->sampler, "wolff");
  EXPECT_EQ(w->summary_key, "mcmc");
  EXPECT_EQ(w->file, "mcmc.h5");
  EXPECT_EQ(w->label, "wolff");
  EXPECT_EQ(bbg::reference_for(std::nullopt, spin("metropolis"))->sampler, "metropolis");
  EXPECT_FALSE(bbg::reference_for(std::nullopt, std::nullopt));
}

TEST(ReferenceSamples, StoredReferenceChecksTheSamplerAttribute) {
  const fs::path dir = fs::temp_directory_path() / ("bbg_stored_reference_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto wolff = bbg::spin_mcmc_reference(spin("wolff"));
  EXPECT_FALSE(bbg::stored_reference(dir.string(), wolff));  // trained without reference sampling
  EXPECT_FALSE(bbg::stored_reference(dir.string(), std::nullopt));
  write_samples(dir / "mcmc.h5", "wolff");
  const auto found = bbg::stored_reference(dir.string(), wolff);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->sampler, "wolff");
  EXPECT_THROW(bbg::stored_reference(dir.string(), bbg::spin_mcmc_reference(spin("metropolis"))), bbg::UserError);
  write_samples(dir / "hmc.h5", "hmc");
  EXPECT_EQ(bbg::stored_reference(dir.string(), bbg::hmc_reference())->file, "hmc.h5");
  fs::remove_all(dir);
}

}  // namespace
