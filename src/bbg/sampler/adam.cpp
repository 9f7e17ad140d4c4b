#include "bbg/sampler/adam.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

void AdamSettings::validate() const {
  if (steps < 0) throw std::invalid_argument("adam steps = " + std::to_string(steps) + ": must be >= 0");
  if (!(learning_rate > 0.0))
    throw std::invalid_argument("adam learning_rate = " + std::to_string(learning_rate) + ": must be > 0");
  if (!(beta1 >= 0.0 && beta1 < 1.0 && beta2 >= 0.0 && beta2 < 1.0))
    throw std::invalid_argument("adam beta1, beta2 must be in [0, 1)");
  if (!(epsilon > 0.0)) throw std::invalid_argument("adam epsilon must be > 0");
}

AdamResult minimise_adam(const Potential& potential, std::vector<double>& q, const AdamSettings& s, Rng& rng) {
  s.validate();
  const size_t n = q.size();
  std::vector<double> g(n), m(n, 0.0), v(n, 0.0);
  AdamResult result;
  double b1t = 1.0, b2t = 1.0;
  for (int64_t t = 0; t < s.steps; ++t) {
    potential.refresh(rng);
    potential.gradient(q.data(), g.data());
    ++result.gradient_evaluations;
    b1t *= s.beta1, b2t *= s.beta2;
    for (size_t i = 0; i < n; ++i) {
      m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g[i];
      v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g[i] * g[i];
      q[i] -= s.learning_rate * (m[i] / (1.0 - b1t)) / (std::sqrt(v[i] / (1.0 - b2t)) + s.epsilon);
    }
  }
  result.final_value = potential.value(q.data());
  return result;
}

}  // namespace bbg
