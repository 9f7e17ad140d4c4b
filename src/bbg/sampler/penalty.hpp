// The penalty method for a Metropolis test on a noisy energy difference (Ceperley &
// Dewing, "The penalty method for random walks with uncertain energies", J. Chem.
// Phys. 110, 9812 (1999), arXiv:physics/9812035; for Bayesian networks: Kawasaki &
// Holzmann, arXiv:2210.09141).
//
// If delta ~ N(Delta, sigma^2) estimates the true U(q') - U(q), accepting with
// min(1, exp(-delta - u_B)) satisfies detailed balance on average over the noise:
//   known variance      u_B = sigma^2 / 2   (exact for Gaussian noise);
//   estimated variance  chi^2 an unbiased estimate of sigma^2 with k degrees of
//       freedom (k chi^2 / sigma^2 ~ chi-squared_k, independent of delta):
//       u_B = chi^2 / 2 + chi^4 / (4 (k + 2)) + chi^6 / (3 (k + 2) (k + 4)) + ...
//   For chi^2 from n independent estimates (k = n - 1) this is Ceperley and Dewing's
//   series chi^2/2 + chi^4/(4(n+1)) + chi^6/(3(n+1)(n+3)). We derived it (rather
//   than copied: only the paper's opening was available to us) as the expansion of
//   u_B = -log 0F1(; k/2; -k chi^2 / 4), the function with E[exp(-u_B(chi^2))] =
//   exp(-sigma^2 / 2) for every sigma (term by term from E[chi^{2j}] = sigma^{2j}
//   (2/k)^j Gamma(k/2 + j) / Gamma(k/2)); it is truncated after the chi^6 term, so
//   it is approximate, with error O(chi^8 / k^3) (good for chi^2 << k).
//   none: u_B = 0, the naive minibatch Metropolis test, biased (too many uphill moves
//   accepted: the chain is hotter than the target).
//
// The estimate here: m refreshes of the potential (m minibatches), each giving
// estimate_difference(q, q') = {y_k, v_k}; delta = mean y_k and
//   variance_source = batches  chi^2 = sample variance of the y_k / m,  k = m - 1;
//   variance_source = data     chi^2 = mean v_k / m (the potential's per-datum
//       estimate), k = the setting data_degrees_of_freedom (0: treated as known).
// The m batches must be independent of each other (WeightPotential with
// independent_batches) for the sample variance to estimate the variance of the mean.
#pragma once
#include <cstdint>
#include <string>

namespace bbg {

class Potential;
class Rng;

// u_B for an estimated variance chi2 with `dof` degrees of freedom (dof > 0), the
// series truncated after chi^6.
double penalty_estimated_variance(double chi2, double dof);

struct PenaltySettings {
  double step_size = 0.1;                   // s (random walk) or h (Langevin); the initial one when adapting
  int64_t minibatches = 8;                  // m >= 1 (>= 2 for a penalty with variance_source = batches)
  std::string penalty = "corrected";        // corrected | known_variance | none
  std::string variance_source = "batches";  // batches | data
  int64_t data_degrees_of_freedom = 0;      // variance_source = data: k (0: known variance)
  bool adapt = true;                        // dual averaging of the step in warm-up
  double target_acceptance = 0.0;           // 0: the kernel's default
  // std::invalid_argument naming the setting, its value and what is allowed.
  void validate(const std::string& kernel) const;
};

struct PenalisedDifference {
  double delta = 0.0;       // mean of the m estimates
  double variance = 0.0;    // chi^2, the estimated variance of delta
  double penalty = 0.0;     // u_B
  int64_t evaluations = 0;  // difference estimates made (m)
};

// Refreshes the potential m times and estimates U(to) - U(from) with its penalty.
PenalisedDifference penalised_difference(const Potential& potential, Rng& rng, const double* from, const double* to,
                                         const PenaltySettings& settings);

}  // namespace bbg
