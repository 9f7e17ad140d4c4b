#include "bbg/sampler/langevin_splitting.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

void langevin_b(const Potential& potential, const double* q, double* p, double h, double* scratch) {
  potential.kick(q, p, h, scratch);
}

void langevin_a(const Metric& metric, double* q, const double* p, double h, double* scratch) {
  metric.drift(q, p, h, scratch);
}

void langevin_o(const Metric& metric, double* p, double h, double friction, Rng& rng, double* noise) {
  const double c1 = std::exp(-friction * h), c2 = std::sqrt(1.0 - c1 * c1);
  metric.sample_momentum(rng, noise);
  const int64_t n = metric.size();
  for (int64_t i = 0; i < n; ++i) p[i] = c1 * p[i] + c2 * noise[i];
}

LangevinSplitting::LangevinSplitting(const std::string& word) : word_(word) {
  for (char letter : {'A', 'B', 'O'}) {
    if (std::count(word.begin(), word.end(), letter) == 0)
      throw std::invalid_argument("Langevin splitting \"" + word + "\" lacks " + std::string(1, letter));
  }
  for (char letter : word) {
    if (letter != 'A' && letter != 'B' && letter != 'O')
      throw std::invalid_argument("Langevin splitting \"" + word + "\": letters must be A, B or O");
    fraction_.push_back(1.0 / static_cast<double>(std::count(word.begin(), word.end(), letter)));
  }
}

void LangevinSplitting::step(const Potential& potential, const Metric& metric, double* q, double* p, double h,
                             double friction, Rng& rng, double* scratch, double* noise) const {
  for (size_t k = 0; k < word_.size(); ++k) {
    const double t = fraction_[k] * h;
    switch (word_[k]) {
      case 'A': langevin_a(metric, q, p, t, scratch); break;
      case 'B': langevin_b(potential, q, p, t, scratch); break;
      default: langevin_o(metric, p, t, friction, rng, noise); break;
    }
  }
}

int64_t LangevinSplitting::gradient_evaluations_per_step() const {
  return std::count(word_.begin(), word_.end(), 'B');
}

}  // namespace bbg
