// SingleFlipMetropolisKernel and PairExchangeKernel on a 4-spin SpinAction with an
// arbitrary table S(s): the visit frequencies match exp(-S) / Z (all 16 states, or the
// 6 states with two up spins), pair exchange never changes the number of up spins, and
// the cached action follows a state changed from outside.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/spin_action.hpp"
#include "bbg/sampler/spin_action_kernels.hpp"

namespace bbg {
namespace {

int index_of(const int8_t* s) {
  int k = 0;
  for (int i = 0; i < 4; ++i) k |= (s[i] > 0 ? 1 : 0) << i;
  return k;
}

class TableAction : public SpinAction {
 public:
  TableAction() {
    for (int k = 0; k < 16; ++k) table_.push_back(0.37 * std::sin(3.1 * k) + 0.11 * k);
  }
  int64_t size() const override { return 4; }
  double value(const int8_t* s) const override {
    ++calls;
    return table_[index_of(s)];
  }
  double at(int k) const { return table_[k]; }
  mutable int64_t calls = 0;

 private:
  std::vector<double> table_;
};

std::vector<double> frequencies(SpinKernel& kernel, SpinState state, int64_t steps, uint64_t seed) {
  Rng rng(seed, 0);
  std::vector<double> count(16, 0.0);
  for (int64_t i = 0; i < steps; ++i) {
    kernel.step(state, rng);
    count[index_of(state.spins.data())] += 1.0 / static_cast<double>(steps);
  }
  return count;
}

std::vector<double> exact(const TableAction& a, bool two_up_only) {
  std::vector<double> p(16, 0.0);
  double z = 0;
  for (int k = 0; k < 16; ++k) {
    if (two_up_only && __builtin_popcount(k) != 2) continue;
    p[k] = std::exp(-a.at(k));
    z += p[k];
  }
  for (auto& v : p) v /= z;
  return p;
}

TEST(SpinActionKernels, SingleFlipVisitsEveryStateWithItsWeight) {
  TableAction action;
  SingleFlipMetropolisKernel kernel(action);
  const auto f = frequencies(kernel, SpinState{{1, 1, -1, -1}}, 200000, 3);
  const auto p = exact(action, false);
  for (int k = 0; k < 16; ++k) EXPECT_NEAR(f[k], p[k], 0.01) << "state " << k;
  EXPECT_LE(action.calls, 200000 * 4 + 1);  // one evaluation per proposal, plus the first
}

TEST(SpinActionKernels, PairExchangeSamplesTheSectorWithItsWeight) {
  TableAction action;
  PairExchangeKernel kernel(action);
  const auto f = frequencies(kernel, SpinState{{1, -1, 1, -1}}, 200000, 4);
  const auto p = exact(action, true);
  for (int k = 0; k < 16; ++k) EXPECT_NEAR(f[k], p[k], 0.01) << "state " << k;  // 0 outside the sector
}

TEST(SpinActionKernels, CachedActionFollowsOutsideChanges) {
  TableAction action;
  CachedAction cached(action);
  std::vector<int8_t> s = {1, -1, -1, -1};
  EXPECT_DOUBLE_EQ(cached.of(s), action.at(1));
  EXPECT_DOUBLE_EQ(cached.of(s), action.at(1));
  EXPECT_EQ(action.calls, 1);
  s[3] = 1;  // e.g. a checkpoint restore
  EXPECT_DOUBLE_EQ(cached.of(s), action.at(9));
}

TEST(SpinActionKernels, PairExchangeHasNoMoveInAFullSector) {
  TableAction action;
  PairExchangeKernel kernel(action);
  SpinState state{{1, 1, 1, 1}};
  Rng rng(1, 0);
  const StepInfo info = kernel.step(state, rng);
  EXPECT_EQ(info.moves_proposed, 0);
  EXPECT_EQ(state.spins, (std::vector<int8_t>{1, 1, 1, 1}));
}

}  // namespace
}  // namespace bbg
