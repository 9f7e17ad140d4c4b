// Penalty Langevin: a MALA-type proposal from a minibatch gradient with the
// penalised test of penalty.hpp. Each step
//   1. refreshes the potential once, fixing a batch B0, with gradient g = dU_B0/dq;
//   2. proposes q' = q - (h / 2) g(q) + sqrt(h) z, z ~ N(0, I);
//   3. takes the reverse proposal density with g(q') on the SAME batch B0, so
//      log r = [ |q' - q + (h/2) g(q)|^2 - |q - q' + (h/2) g(q')|^2 ] / (2 h);
//   4. estimates U(q') - U(q) on m further minibatches and accepts with
//      min(1, exp(-delta - u_B + log r)).
// Why it is exact: for a fixed B0 the proposal is a fixed Markov kernel Q_B0 and
// log r its exact density ratio, so the penalised test makes the move reversible for
// exp(-U) (the penalty argument applies to Delta - log r, r a function of q, q', B0);
// B0 is drawn independently of the state, so the step is a mixture over B0 of
// reversible kernels, itself reversible. It needs the m estimate batches independent
// of B0 and of each other (WeightPotential with independent_batches). The cost is 2
// gradients on B0 plus m difference estimates. Default target acceptance 0.57 (the
// MALA optimum 0.574, Roberts & Rosenthal, JRSS B 60 (1998) 255).
#pragma once
#include <vector>

#include "bbg/sampler/penalty_kernel.hpp"

namespace bbg {

class PenaltyLangevinKernel : public PenaltyKernel {
 public:
  PenaltyLangevinKernel(const Potential& potential, const PenaltySettings& settings, std::vector<double> q0);

 protected:
  double propose(Rng& rng, int64_t& gradients) override;

 private:
  std::vector<double> g_from_, g_to_;
};

}  // namespace bbg
