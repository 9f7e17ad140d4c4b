// FalicovKimballFlipKernel (incremental exact action) against SingleFlipMetropolisKernel on
// FalicovKimballSpinAction (one eigenproblem per proposal): with the same random numbers
// both run the same chain, configuration for configuration, on 4 x 4 and 6 x 6 at U = 4
// near T_c and at U = 0 (degenerate spectra); a state changed from outside is picked up;
// a canonical target is refused. (The distribution against enumeration:
// tests/validation/test_falicov_kimball_validation.cpp, which runs this kernel.)
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/spin_action_kernels.hpp"
#include "bbg/targets/falicov_kimball.hpp"
#include "bbg/targets/falicov_kimball_flip_kernel.hpp"
#include "bbg/targets/falicov_kimball_spin_action.hpp"

namespace bbg {
namespace {

SpinState random_state(int64_t n, uint64_t seed) {
  Rng rng(seed, 1);
  SpinState s;
  for (int64_t i = 0; i < n; ++i) s.spins.push_back(rng.uniform() < 0.5 ? 1 : -1);
  return s;
}

TEST(FalicovKimballFlipKernel, SameChainAsTheFullEigenproblemKernel) {
  for (const int64_t l : {4, 6}) {
    for (const double u : {4.0, 0.0}) {
      const FalicovKimballTarget target({l, l}, 1.0 / 0.15, 1.0, u, std::nullopt);
      const FalicovKimballSpinAction action(target);
      SingleFlipMetropolisKernel reference(action);
      FalicovKimballFlipKernel fast(target);
      SpinState a = random_state(l * l, 3), b = a;
      Rng ra(21, 0), rb(21, 0);
      int64_t accepted = 0;
      for (int sweep = 0; sweep < 30; ++sweep) {
        const StepInfo ia = reference.step(a, ra), ib = fast.step(b, rb);
        ASSERT_EQ(a.spins, b.spins) << "L = " << l << ", U = " << u << ", sweep " << sweep;
        EXPECT_EQ(ia.moves_accepted, ib.moves_accepted);
        EXPECT_NEAR(ia.acceptance_statistic, ib.acceptance_statistic, 1e-9);
        accepted += ib.moves_accepted;
        if (sweep == 10) a = b = random_state(l * l, 4);  // changed from outside (a restore)
      }
      EXPECT_GT(accepted, 0);
    }
  }
}

TEST(FalicovKimballFlipKernel, RefusesAFixedParticleNumber) {
  const FalicovKimballTarget target({4, 4}, 2.0, 1.0, 4.0, 8);
  EXPECT_THROW(FalicovKimballFlipKernel kernel(target), std::invalid_argument);
}

}  // namespace
}  // namespace bbg
