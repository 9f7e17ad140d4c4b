// Stan's windowed estimation of a diagonal inverse mass matrix during warm-up
// (Stan reference manual, "HMC algorithm parameters: automatic parameter tuning";
// stan/mcmc/windowed_adaptation.hpp and diag_e_adaptation.hpp):
//   an initial fast buffer (75 iterations, only the step size adapts), then slow
//   windows of 25, 50, 100, ... iterations (the last one stretched to end where a
//   doubled window would not fit), then a terminal fast buffer (50). Within a
//   window the draws of q feed a Welford variance; at its end the inverse mass is
//       d_i = n/(n + 5) var_i + 1e-3 * 5/(n + 5)
//   (shrinkage towards 1e-3), and the step-size adaptation restarts.
// If the buffers do not fit into the warm-up (warm-up < 150), they shrink to 15 %
// / 75 % / 10 % as in Stan; below 20 warm-up iterations nothing adapts.
// Usable for any potential: it only sees q.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/welford.hpp"

namespace bbg {

struct WindowedAdaptationSettings {
  int64_t warmup = 1000;
  int64_t init_buffer = 75, term_buffer = 50, base_window = 25;
};

class WindowedAdaptation {
 public:
  WindowedAdaptation(int64_t size, WindowedAdaptationSettings settings);
  // Records the draw q of warm-up iteration counter(); true when a slow window
  // has just ended and inverse_mass() holds a new estimate.
  bool learn(const double* q);
  const std::vector<double>& inverse_mass() const { return inverse_mass_; }
  int64_t counter() const { return counter_; }
  bool in_window() const;

  // Plain state for checkpoints.
  std::vector<double> state() const;
  void restore(const std::vector<double>& s);

 private:
  bool end_of_window() const;
  void compute_next_window();
  WindowedAdaptationSettings s_;
  bool enabled_ = true;
  int64_t counter_ = 0, window_size_ = 0, next_window_ = 0;
  WelfordVariance estimator_;
  std::vector<double> inverse_mass_;
};

}  // namespace bbg
