#include "bbg/estimate/epistemic_split.hpp"

#include <algorithm>
#include <cmath>

namespace bbg {

EpistemicSplit epistemic_split(const std::vector<double>& values, const std::vector<double>& errors) {
  EpistemicSplit s;
  std::vector<double> v, e2;
  for (size_t k = 0; k < values.size(); ++k) {
    if (!std::isfinite(values[k])) continue;
    v.push_back(values[k]);
    const double e = k < errors.size() ? errors[k] : std::nan("");
    if (std::isfinite(e)) e2.push_back(e * e);
  }
  s.draws = static_cast<int64_t>(v.size());
  if (v.empty()) return s;
  double sum = 0.0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  s.min = *std::min_element(v.begin(), v.end());
  s.max = *std::max_element(v.begin(), v.end());
  if (!e2.empty()) {
    double a = 0.0;
    for (double x : e2) a += x;
    s.sd_aleatoric = std::sqrt(a / static_cast<double>(e2.size()));
  }
  if (v.size() < 2) return s;
  double ss = 0.0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  const double across = ss / static_cast<double>(v.size() - 1);
  s.sd_across = std::sqrt(across);
  s.mean_error = std::sqrt(across / static_cast<double>(v.size()));
  if (std::isfinite(s.sd_aleatoric)) {
    const double ale = s.sd_aleatoric * s.sd_aleatoric;
    s.sd_epistemic = std::sqrt(std::max(0.0, across - ale));
    s.sd_total = std::sqrt(s.sd_epistemic * s.sd_epistemic + ale);
  }
  return s;
}

}  // namespace bbg
