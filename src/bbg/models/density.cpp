#include "bbg/models/density.hpp"

namespace bbg {

int64_t Density::event_size() const {
  int64_t n = 1;
  for (int64_t l : spec_.shape) n *= l;
  return n;
}

int64_t Density::parameter_count() const {
  int64_t n = 0;
  for (const auto& p : parameters()) n += p.numel();
  return n;
}

}  // namespace bbg
