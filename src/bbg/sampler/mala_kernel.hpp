// The Metropolis-adjusted Langevin algorithm (Roberts & Tweedie, Bernoulli 2
// (1996) 341; Besag's "smart" Monte Carlo), preconditioned by a Metric M:
//   q' = q - (h/2) M^-1 dU/dq(q) + sqrt(h) M^-1 p,   p ~ N(0, M)  (so M^-1 p ~ N(0, M^-1)),
// accepted with min(1, exp(-dH)), dH = U(q') - U(q) + log N(q | q') - log N(q' | q)
// the ratio of the Gaussian proposal densities N(q' | q) = N(q - (h/2) M^-1 dU, h M^-1).
// Writing eps = sqrt(h), this is one leapfrog step of HMC: p_half = p - (eps/2) dU(q),
// q' = q + eps M^-1 p_half, p' = p_half - (eps/2) dU(q'), and the proposal ratio equals
// K(p) - K(p') with K(p) = p^T M^-1 p / 2, so dH = H(q', p') - H(q, p) (the kernel
// computes it that way). One gradient and one value per step (dU(q), U(q) cached).
// Warm-up: dual averaging of h towards acceptance 0.574 (the optimal rate in high
// dimension, Roberts & Rosenthal, JRSS B 60 (1998) 255), optionally Stan's windowed
// diagonal metric (warmup_tuner.hpp). Exact at any h (Metropolis-adjusted).
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

struct MalaSettings {
  double step_size = 0.01;  // h (the proposal variance in units of M^-1), initial when adapted
  bool adapt_step_size = true;
  double target_acceptance = 0.574;
  bool adapt_diagonal_metric = false;
  std::shared_ptr<const Metric> metric;  // null: unit; copied
};

class MalaKernel : public ChainKernel {
 public:
  MalaKernel(const Potential& potential, std::vector<double> q, const MalaSettings& settings);
  ~MalaKernel() override;

  const std::vector<double>& position() const override { return q_; }
  StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) override;
  void end_warmup() override;
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return true; }
  // step_size (h), mean_inverse_mass.
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  double step_size() const;
  const Metric& metric() const;

 private:
  const Potential& potential_;
  std::unique_ptr<WarmupTuner> tuner_;
  std::vector<double> q_, gradient_;  // the current point and dU/dq there
  double potential_value_ = 0.0;      // U(q)
  std::vector<double> p_, q_new_, gradient_new_, scratch_;
};

}  // namespace bbg
