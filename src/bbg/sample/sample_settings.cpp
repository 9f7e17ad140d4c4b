#include "bbg/sample/sample_settings.hpp"

#include <string>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {

SampleSettings SampleSettings::from_config(const ConfigSection& s, uint64_t seed) {
  SampleSettings r;
  r.seed = seed;
  r.samples = s.get_int("samples", r.samples);
  if (r.samples < 2) throw ConfigError(s.path("samples"), std::to_string(r.samples), "must be >= 2");
  r.batch = s.get_int("batch", r.batch);
  if (r.batch < 1) throw ConfigError(s.path("batch"), std::to_string(r.batch), "must be >= 1");
  r.keep = s.get_int("keep", r.keep);
  if (r.keep < 0) throw ConfigError(s.path("keep"), std::to_string(r.keep), "must be >= 0");
  r.bins = s.get_int("bins", r.bins);
  if (r.bins < 2) throw ConfigError(s.path("bins"), std::to_string(r.bins), "must be >= 2");
  return r;
}

}  // namespace bbg
