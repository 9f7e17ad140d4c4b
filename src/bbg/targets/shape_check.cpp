#include "bbg/targets/shape_check.hpp"

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"

namespace bbg {

std::vector<int64_t> read_lattice_shape(const ConfigSection& s, const std::vector<int64_t>& fallback,
                                        int64_t min_dim, int64_t max_dim) {
  auto shape = s.get_int_list("shape", fallback);
  const std::string value = format_config_value(shape);
  const int64_t d = static_cast<int64_t>(shape.size());
  if (d < min_dim || d > max_dim)
    throw ConfigError(s.path("shape"), value,
                      "must have " + std::to_string(min_dim) +
                          (min_dim == max_dim ? "" : " to " + std::to_string(max_dim)) + " entries (one per axis)");
  double volume = 1;
  for (int64_t l : shape) {
    if (l <= 0) throw ConfigError(s.path("shape"), value, "every lattice extent must be a positive integer");
    volume *= static_cast<double>(l);
  }
  if (volume > 1.0e8) throw ConfigError(s.path("shape"), value, "the volume must be at most 1e8 sites");
  return shape;
}

}  // namespace bbg
