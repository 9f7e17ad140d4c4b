// The core's underdamped Langevin kernel (langevin_kernel.hpp: BAOAB by default,
// Leimkuhler & Matthews, AMRX 2013 (2013) 34) as a ChainKernel, with the momentum
// in the state between steps; full batch, or a minibatch refreshed once per step:
//   B(h/2) A(h/2) O(h) A(h/2) B(h/2),  O: p <- e^{-gamma h} p + sqrt(1 - e^{-2 gamma h}) M^{1/2} xi.
// Unadjusted. Full batch: configurational averages are biased by O(h^2) (and on a
// Gaussian target the q-marginal of BAOAB is exact at any stable h); a minibatch
// gradient adds O(h) noise-driven bias to the covariance (the kicks' variance
// h^2 Var(g) per step is not compensated by the friction).
#pragma once
#include <memory>
#include <vector>

#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/langevin_kernel.hpp"

namespace bbg {

class BaoabChainKernel : public ChainKernel {
 public:
  // The metric is cloned; the initial momentum p ~ N(0, M) is drawn from rng.
  BaoabChainKernel(const Potential& potential, const Metric& metric, const LangevinSettings& settings,
                   std::vector<double> q0, Rng& rng);
  ~BaoabChainKernel() override;
  const std::vector<double>& position() const override { return state_.q; }
  const std::vector<double>& momentum() const { return state_.p; }
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return false; }
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

 private:
  std::unique_ptr<Metric> metric_;
  LangevinSettings settings_;
  std::unique_ptr<LangevinKernel> kernel_;
  LangevinState state_;
};

}  // namespace bbg
