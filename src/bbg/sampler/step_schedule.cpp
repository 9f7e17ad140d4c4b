#include "bbg/sampler/step_schedule.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace bbg {

namespace {
[[noreturn]] void bad(const std::string& setting, double value, const std::string& allowed) {
  std::ostringstream s;
  s << "step schedule: " << setting << " = " << value << " is not allowed (" << allowed << ")";
  throw std::invalid_argument(s.str());
}
}  // namespace

void StepSchedule::validate() const {
  if (kind == "constant" || kind == "polynomial") {
    if (!(a > 0.0)) bad("a", a, "a > 0");
    if (kind == "polynomial") {
      if (!(b > 0.0)) bad("b", b, "b > 0");
      if (!(gamma >= 0.0 && gamma <= 1.0)) bad("gamma", gamma, "0 <= gamma <= 1");
    }
  } else if (kind == "cyclical") {
    if (!(eps0 > 0.0)) bad("eps0", eps0, "eps0 > 0");
    if (total_steps < 1) bad("total_steps", static_cast<double>(total_steps), "K >= 1");
    if (cycles < 1 || cycles > total_steps) bad("cycles", static_cast<double>(cycles), "1 <= M <= K");
    if (!(exploration >= 0.0 && exploration < 1.0)) bad("exploration", exploration, "0 <= beta < 1");
  } else {
    throw std::invalid_argument("step schedule: kind '" + kind + "' is not one of constant, polynomial, cyclical");
  }
}

int64_t StepSchedule::cycle_length() const {
  if (kind != "cyclical") return 0;
  return (total_steps + cycles - 1) / cycles;
}

double StepSchedule::step_size(int64_t k) const {
  if (kind == "constant") return a;
  if (kind == "polynomial") return a * std::pow(b + static_cast<double>(k), -gamma);
  const int64_t l = cycle_length();
  const double r = static_cast<double>(k % l) / static_cast<double>(l);
  return 0.5 * eps0 * (std::cos(M_PI * r) + 1.0);
}

bool StepSchedule::exploring(int64_t k) const {
  if (kind != "cyclical") return false;
  const int64_t l = cycle_length();
  return static_cast<double>(k % l) / static_cast<double>(l) < exploration;
}

std::string StepSchedule::describe() const {
  std::ostringstream s;
  if (kind == "constant")
    s << "constant eps = " << a;
  else if (kind == "polynomial")
    s << "polynomial eps = " << a << " (" << b << " + t)^-" << gamma;
  else
    s << "cyclical eps0 = " << eps0 << ", K = " << total_steps << ", M = " << cycles << ", beta = " << exploration;
  return s.str();
}

}  // namespace bbg
