#include "bbg/snf/anneal_schedule.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <utility>

#include "bbg/core/errors.hpp"

namespace bbg {
namespace {

std::string show(const std::vector<double>& b) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < b.size(); ++i) os << (i ? ", " : "") << b[i];
  os << "]";
  return os.str();
}

void check_stages(int64_t stages) {
  if (stages < 1) throw ConfigError("ais.stages", std::to_string(stages), "must be >= 1");
}

}  // namespace

AnnealSchedule::AnnealSchedule(std::vector<double> b) : b_(std::move(b)) {
  const std::string allowed = "must start at 0, end at 1 and increase strictly, with at least two values";
  if (b_.size() < 2 || b_.front() != 0.0 || b_.back() != 1.0) throw ConfigError("ais.schedule", show(b_), allowed);
  for (size_t k = 1; k < b_.size(); ++k)
    if (!(b_[k] > b_[k - 1])) throw ConfigError("ais.schedule", show(b_), allowed);
}

AnnealSchedule AnnealSchedule::linear(int64_t stages) { return power(stages, 1.0); }

AnnealSchedule AnnealSchedule::power(int64_t stages, double exponent) {
  check_stages(stages);
  if (!(exponent > 0.0) || !std::isfinite(exponent))
    throw ConfigError("ais.schedule_exponent", std::to_string(exponent), "must be finite and > 0");
  std::vector<double> b(static_cast<size_t>(stages) + 1);
  for (int64_t k = 0; k <= stages; ++k)
    b[static_cast<size_t>(k)] = std::pow(static_cast<double>(k) / static_cast<double>(stages), exponent);
  b.back() = 1.0;
  return AnnealSchedule(std::move(b));
}

}  // namespace bbg
