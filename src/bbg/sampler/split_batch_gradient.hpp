// An optional capability of a stochastic potential: the gradient estimate on the two
// halves of the current minibatch, each on the full-data scale (for U = [-log prior -
// (N / n) sum_B log p] that is g_h = dU/dq with the sum over half h and N / (n / 2)),
// so that (g_1 + g_2) / 2 is the usual minibatch gradient and (g_1 - g_2)^2 / 4 an
// estimate of its per-coordinate variance (SGHMC's noise estimate, sghmc_kernel.hpp).
// A kernel finds it with dynamic_cast on its Potential.
#pragma once

namespace bbg {

class SplitBatchGradient {
 public:
  virtual ~SplitBatchGradient() = default;
  // g_first, g_second: size() doubles each. The current batch needs n >= 2.
  virtual void split_batch_gradients(const double* q, double* g_first, double* g_second) const = 0;
};

}  // namespace bbg
