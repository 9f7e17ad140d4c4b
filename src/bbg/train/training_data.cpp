#include "bbg/train/training_data.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/io/h5_writer.hpp"

namespace bbg {

at::Tensor load_configuration_chains(const std::string& path, const std::vector<int64_t>& shape) {
  io::H5Reader reader(path);
  if (!reader.has("configurations"))
    throw UserError(path + " has no dataset \"configurations\" (write one with `bbg hmc` or `bbg mcmc`)");
  const std::vector<int64_t> dims = reader.dims("configurations");
  const std::vector<int64_t> event(dims.size() >= 2 ? dims.begin() + 2 : dims.end(), dims.end());
  if (dims.size() < 3 || event != shape) {
    std::string got, want;
    for (int64_t d : dims) got += (got.empty() ? "" : ", ") + std::to_string(d);
    for (int64_t d : shape) want += (want.empty() ? "" : ", ") + std::to_string(d);
    throw UserError(path + ": \"configurations\" has shape [" + got + "]; expected [chains, samples, " + want + "]");
  }
  std::vector<double> values = reader.read_double("configurations");
  std::vector<int64_t> out_shape = {dims[0], dims[1]};
  out_shape.insert(out_shape.end(), shape.begin(), shape.end());
  return at::from_blob(values.data(), out_shape, at::kDouble).clone();
}

ChainSplit split_chains(int64_t chains, double holdout, const std::string& path) {
  ChainSplit split{chains, chains};
  if (holdout <= 0.0) return split;
  const int64_t out = std::max<int64_t>(1, static_cast<int64_t>(std::llround(holdout * static_cast<double>(chains))));
  if (out >= chains)
    throw ConfigError("train.holdout", format_config_value(holdout),
                      "holds out " + std::to_string(out) + " of the " + std::to_string(chains) + " chains in " + path +
                          ", leaving none to train on; use more chains (hmc.chains) or a smaller holdout (0 = none)");
  split.train = chains - out;
  return split;
}

at::Tensor load_configurations(const std::string& path, const std::vector<int64_t>& shape) {
  return load_configuration_chains(path, shape).flatten(0, 1);
}

}  // namespace bbg
