// A learned surrogate of an expensive energy E(s) on binary (+-1) configurations, with its
// epistemic uncertainty carried by K members: posterior draws of its parameters, or the
// members of a deep ensemble (docs/surrogate_mc.md, "Surrogates with uncertainty").
// Each member k is a deterministic energy E_k(s); what the Monte Carlo needs is the
// energy difference of a single flip, Delta_k(s, i) = E_k(s with site i flipped) - E_k(s),
// and the surrogate's posterior mean and variance of Delta.
//
// From K members (a finite ensemble), ensemble_delta gives, with y_k = Delta_k,
//   mean = ybar = (1/K) sum_k y_k,   s^2 = sum_k (y_k - ybar)^2 / (K - 1),
//   variance = s^2 (1 + 1/K),        degrees_of_freedom = K - 1.
// Reading: the true Delta is a draw from the posterior N(mu, sigma^2) and the members are K
// more draws, so ybar - Delta ~ N(0, sigma^2 (1 + 1/K)) (the posterior spread plus the error of
// the K-member mean), and (K - 1) s^2 / sigma^2 ~ chi-squared_{K-1}: s^2 (1 + 1/K) is an
// unbiased estimate of that variance with K - 1 degrees of freedom, the input of the penalty
// method with an estimated variance (Ceperley and Dewing 1999; sampler/penalty.hpp). This is
// the finite-ensemble correction: the penalty of a K-member ensemble is larger than
// sigma^2 / 2, by the 1/K of the mean and by the series for an estimated variance.
#pragma once
#include <cstdint>
#include <string>

#include "bbg/surrogate/binary_flip_chain.hpp"

namespace bbg {

class SurrogateEnergy {
 public:
  virtual ~SurrogateEnergy() = default;
  virtual std::string name() const = 0;
  virtual int64_t members() const = 0;  // K
  // Delta_k(s, site) of member k (0 <= k < K); spins: L * L values of +-1, row-major.
  virtual double member_flip(int64_t member, const double* spins, int64_t site) const = 0;
  // The posterior mean and variance of Delta(s, site): exact for a conjugate posterior
  // (degrees_of_freedom = 0), ensemble_delta over the members otherwise. The mean is a
  // deterministic function of (s, site), as the cumulative update needs.
  virtual SurrogateDelta flip(const double* spins, int64_t site) const = 0;
};

// mean, s^2 (1 + 1/K) and K - 1 of the K >= 2 values y (std::invalid_argument for K < 2).
SurrogateDelta ensemble_delta(const double* y, int64_t k);

}  // namespace bbg
