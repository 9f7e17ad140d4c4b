// `bbg posterior CONFIG`: samples the posterior over a network's weights with every
// sampler [bayes] names, and writes posterior.h5 (traces), summary.json (key
// `posterior`), plots and a terminal table (docs/bayes.md, "bbg posterior").
#pragma once
#include <cstdint>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace bbg {

struct PosteriorOptions {
  std::string config_path;
  std::vector<std::string> overrides;
  std::string out_dir;  // "" : runs/<config stem>-posterior
  bool force = false, plots = true, progress = true;
  int64_t threads = 0;  // 0: the config's `threads` (default 1)
};

nlohmann::json posterior_job(const PosteriorOptions& options, std::ostream& table);

}  // namespace bbg
