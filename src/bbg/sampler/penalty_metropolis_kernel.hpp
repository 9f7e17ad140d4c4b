// Penalty Metropolis (Ceperley & Dewing 1999; Kawasaki & Holzmann,
// arXiv:2210.09141): a Gaussian random walk q' = q + s z, z ~ N(0, I), accepted
// with min(1, exp(-delta - u_B)), delta and u_B from m minibatch estimates of
// U(q') - U(q) (penalty.hpp). The default target acceptance of the warm-up's dual
// averaging is 0.25: near the 0.234 optimum of random-walk Metropolis (Roberts,
// Gelman & Gilks, Ann. Appl. Probab. 7 (1997) 110) and below the plain chain's
// best since the penalty rejects more; the energy noise grows with s, so a smaller
// step also lowers u_B. Exact (for Gaussian noise and chi^2 << m) with the
// corrected penalty; penalty = none is the biased naive minibatch test.
#pragma once
#include <vector>

#include "bbg/sampler/penalty_kernel.hpp"

namespace bbg {

class PenaltyMetropolisKernel : public PenaltyKernel {
 public:
  PenaltyMetropolisKernel(const Potential& potential, const PenaltySettings& settings, std::vector<double> q0);

 protected:
  double propose(Rng& rng, int64_t& gradients) override;
};

}  // namespace bbg
