#include "bbg/train/training_data.hpp"

#include <ATen/ATen.h>

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

at::Tensor load_configurations(const std::string& path, const std::vector<int64_t>& shape) {
  return load_configuration_chains(path, shape).flatten(0, 1);
}

}  // namespace bbg
