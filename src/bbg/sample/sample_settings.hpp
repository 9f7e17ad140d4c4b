// The [sample] section: how many samples the trained model draws for NIS and
// NMCMC, in batches of `batch`, and how many are kept for plots.
#pragma once
#include <cstdint>

namespace bbg {

class ConfigSection;

struct SampleSettings {
  int64_t samples = 100000;
  int64_t batch = 4096;
  int64_t keep = 100000;  // samples kept for plots (log weight and m)
  int64_t bins = 100;     // jackknife bins for NIS
  uint64_t seed = 1;
  static SampleSettings from_config(const ConfigSection& section, uint64_t seed);
};

}  // namespace bbg
