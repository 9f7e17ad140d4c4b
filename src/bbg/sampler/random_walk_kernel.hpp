// Random-walk Metropolis (Metropolis, Rosenbluth, Rosenbluth, Teller, Teller, J.
// Chem. Phys. 21 (1953) 1087) with a Gaussian proposal shaped by a Metric M:
//   q' = q + s M^-1 p,  p ~ N(0, M)   (i.e. q' = q + s M^-1/2 z, z ~ N(0, I)),
// symmetric, so accepted with min(1, exp(-dH)), dH = U(q') - U(q). One value
// evaluation per step, no gradient. Warm-up: dual averaging of the scale s towards
// acceptance 0.234 (the optimal rate in high dimension, Roberts, Gelman & Gilks,
// Ann. Appl. Probab. 7 (1997) 110), optionally Stan's windowed diagonal metric
// (warmup_tuner.hpp), which makes the proposal follow the target's marginal scales.
// Exact at any s (Metropolis).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bbg/sampler/chain_kernel.hpp"

namespace bbg {

class Metric;
class Potential;
class WarmupTuner;

struct RandomWalkSettings {
  double scale = 0.1;  // s, initial when adapted
  bool adapt_scale = true;
  double target_acceptance = 0.234;
  bool adapt_diagonal_metric = false;
  std::shared_ptr<const Metric> metric;  // null: unit; copied
};

class RandomWalkKernel : public ChainKernel {
 public:
  RandomWalkKernel(const Potential& potential, std::vector<double> q, const RandomWalkSettings& settings);
  ~RandomWalkKernel() override;

  const std::vector<double>& position() const override { return q_; }
  StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) override;
  void end_warmup() override;
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return true; }
  // scale, mean_inverse_mass.
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  double scale() const;
  const Metric& metric() const;

 private:
  const Potential& potential_;
  std::unique_ptr<WarmupTuner> tuner_;
  std::vector<double> q_;
  double potential_value_ = 0.0;  // U(q)
  std::vector<double> p_, q_new_, scratch_;
};

}  // namespace bbg
