#include "bbg/sampler/penalty.hpp"

#include <sstream>
#include <stdexcept>

#include "bbg/sampler/potential.hpp"

namespace bbg {

double penalty_estimated_variance(double chi2, double dof) {
  const double c4 = chi2 * chi2, c6 = c4 * chi2;
  return 0.5 * chi2 + c4 / (4.0 * (dof + 2.0)) + c6 / (3.0 * (dof + 2.0) * (dof + 4.0));
}

void PenaltySettings::validate(const std::string& kernel) const {
  auto bad = [&](const std::string& what, const std::string& value, const std::string& allowed) {
    throw std::invalid_argument(kernel + ": " + what + " = " + value + " is not allowed (" + allowed + ")");
  };
  if (!(step_size > 0.0)) bad("step_size", std::to_string(step_size), "> 0");
  if (penalty != "corrected" && penalty != "known_variance" && penalty != "none")
    bad("penalty", penalty, "corrected, known_variance or none");
  if (variance_source != "batches" && variance_source != "data")
    bad("variance_source", variance_source, "batches or data");
  const int64_t least = (penalty != "none" && variance_source == "batches") ? 2 : 1;
  if (minibatches < least)
    bad("minibatches", std::to_string(minibatches), ">= " + std::to_string(least) + " for this penalty and source");
  if (data_degrees_of_freedom < 0) bad("data_degrees_of_freedom", std::to_string(data_degrees_of_freedom), ">= 0");
  if (!(target_acceptance >= 0.0 && target_acceptance < 1.0))
    bad("target_acceptance", std::to_string(target_acceptance), "in (0, 1), or 0 for the default");
}

PenalisedDifference penalised_difference(const Potential& potential, Rng& rng, const double* from, const double* to,
                                         const PenaltySettings& s) {
  const int64_t m = s.minibatches;
  double sum = 0.0, sum2 = 0.0, var_sum = 0.0, first = 0.0;
  for (int64_t k = 0; k < m; ++k) {
    potential.refresh(rng);
    const EnergyDifference e = potential.estimate_difference(from, to);
    if (k == 0) first = e.delta;
    const double y = e.delta - first;  // shifted for a stable sample variance
    sum += y;
    sum2 += y * y;
    var_sum += e.variance;
  }
  PenalisedDifference out;
  out.evaluations = m;
  const double md = static_cast<double>(m);
  out.delta = first + sum / md;
  double dof = 0.0;  // 0: known variance
  if (s.variance_source == "batches") {
    if (m > 1) out.variance = (sum2 - sum * sum / md) / (md - 1.0) / md;
    dof = md - 1.0;
  } else {
    out.variance = var_sum / md / md;
    dof = static_cast<double>(s.data_degrees_of_freedom);
  }
  if (out.variance < 0.0) out.variance = 0.0;
  if (s.penalty == "known_variance" || (s.penalty == "corrected" && dof == 0.0))
    out.penalty = 0.5 * out.variance;
  else if (s.penalty == "corrected")
    out.penalty = penalty_estimated_variance(out.variance, dof);
  return out;
}

}  // namespace bbg
