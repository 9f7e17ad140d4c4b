// Adam (Kingma & Ba, ICLR 2015, Algorithm 1) minimising a Potential U(q) from q:
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   q <- q - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),
// g = dU/dq after potential.refresh(rng) (a minibatch potential gives stochastic
// gradients). Used for the maximum a posteriori start of posterior chains and for
// the members of a deep ensemble (each member one minimisation from its own start).
#pragma once
#include <cstdint>
#include <vector>

namespace bbg {

class Potential;
class Rng;

struct AdamSettings {
  int64_t steps = 1000;
  double learning_rate = 1e-2;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  void validate() const;  // std::invalid_argument naming the field
};

struct AdamResult {
  int64_t gradient_evaluations = 0;
  double final_value = 0.0;  // U at the end (after a last refresh: on the last batch)
};

// Minimises U from q in place.
AdamResult minimise_adam(const Potential& potential, std::vector<double>& q, const AdamSettings& settings, Rng& rng);

}  // namespace bbg
