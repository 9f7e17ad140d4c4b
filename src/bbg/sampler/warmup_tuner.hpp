// The warm-up adaptation shared by the Metropolis-adjusted ChainKernels (HMC, NUTS,
// MALA, random walk), exactly as HmcChains does it (hmc_chains.cpp):
//   after warm-up transition i with acceptance statistic alpha and position q,
//     the step (eps for HMC / NUTS, h for MALA, the scale s for the random walk)
//     <- DualAveraging::update(alpha)  (Hoffman & Gelman 2014, Alg. 5; dual_averaging.hpp);
//     if Stan's windowed diagonal estimate (windowed_adaptation.hpp) has just closed a
//     window, the metric becomes DiagonalMetric(d) and dual averaging restarts from
//     the current step;
//   end_warmup(): the step freezes at the dual-averaged step (its iterate average).
// The tuner owns the chain's metric (a copy of the given one, unit when none).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bbg/sampler/dual_averaging.hpp"
#include "bbg/sampler/windowed_adaptation.hpp"

namespace bbg {

class Metric;
namespace io {
class Checkpoint;
}

struct WarmupTunerSettings {
  double step = 0.1;               // initial step, > 0
  bool adapt_step = true;
  double target_acceptance = 0.8;  // in (0, 1)
  bool adapt_diagonal_metric = false;
};

class WarmupTuner {
 public:
  // `what` names the kernel in error messages; std::invalid_argument on bad settings
  // or a metric of another size.
  WarmupTuner(const std::string& what, int64_t size, const WarmupTunerSettings& settings, const Metric* metric);
  ~WarmupTuner();

  double step() const { return step_; }
  const Metric& metric() const { return *metric_; }
  // After warm-up transition `iteration` of `warmup`; true when the metric was replaced
  // (a kernel that refers to the metric must rebind it).
  bool update(int64_t iteration, int64_t warmup, double acceptance_statistic, const double* q);
  void end_warmup();
  // mean_i (M^-1)_ii, for reports.
  double mean_inverse_mass() const;

  void save(io::Checkpoint& checkpoint, const std::string& prefix) const;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix);

 private:
  int64_t size_;
  WarmupTunerSettings settings_;
  double step_;
  std::unique_ptr<Metric> metric_;
  DualAveraging averaging_;
  int64_t window_warmup_ = 0;  // the warm-up length the windows were laid out for
  std::optional<WindowedAdaptation> windows_;
};

}  // namespace bbg
