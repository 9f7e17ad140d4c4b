// The Falicov-Kimball target seen as a SpinAction (sampler/spin_action.hpp):
// S(s) = beta F(x(s)), one eigenproblem of the N x N one-body matrix per call
// (targets/falicov_kimball.hpp). Sampled by SingleFlipMetropolisKernel (grand
// canonical) and PairExchangeKernel (fixed particle number).
#pragma once
#include "bbg/sampler/spin_action.hpp"

namespace bbg {

class FalicovKimballTarget;

class FalicovKimballSpinAction : public SpinAction {
 public:
  explicit FalicovKimballSpinAction(const FalicovKimballTarget& target) : target_(target) {}  // keeps a reference
  int64_t size() const override;
  double value(const int8_t* s) const override;

 private:
  const FalicovKimballTarget& target_;
};

}  // namespace bbg
