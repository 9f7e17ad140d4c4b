// Unadjusted underdamped Langevin transition: `steps` steps of a splitting
// (default "BAOAB", see langevin_splitting.hpp) with step h and friction gamma;
// the momentum is part of the state and persists between transitions. No
// Metropolis test, so every step is accepted and averages carry the O(h^2) bias
// of the splitting (small at small h). The potential is refreshed once per
// transition (a minibatch potential then gives SG-underdamped Langevin).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bbg/sampler/langevin_splitting.hpp"
#include "bbg/sampler/step_info.hpp"

namespace bbg {

struct LangevinState {
  std::vector<double> q, p;
};

struct LangevinSettings {
  double step_size = 0.1;
  double friction = 1.0;  // gamma
  int64_t steps = 1;      // splitting steps per transition
  std::string splitting = "BAOAB";
};

class LangevinKernel {
 public:
  LangevinKernel(const Potential& potential, const Metric& metric, const LangevinSettings& settings);
  LangevinState init(std::vector<double> q, Rng& rng) const;  // p ~ N(0, M)
  // energy_error is not computed (it would cost two potential evaluations).
  StepInfo step(LangevinState& state, Rng& rng);

 private:
  const Potential& potential_;
  const Metric& metric_;
  LangevinSettings settings_;
  LangevinSplitting splitting_;
  std::vector<double> scratch_, noise_;
};

}  // namespace bbg
