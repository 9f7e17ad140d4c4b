// Stochastic gradient Hamiltonian Monte Carlo (Chen, Fox & Guestrin, ICML 2014,
// eq. 15, in the parameterisation of their sec. 3.3), per update at eta = eps_k:
//   v <- v - eta dU/dtheta - alpha v + N(0, 2 (alpha - beta_hat) eta),   theta <- theta + v,
// with friction alpha (the paper's (1 - momentum)), learning rate eta (= step^2 / m
// of the Hamiltonian form) and beta_hat = eta V_hat / 2 the part of the noise that the
// minibatch gradient already brings, V_hat its per-coordinate variance:
//   noise_estimate = none         beta_hat = 0;
//   noise_estimate = split_batch  the potential's gradients g_1, g_2 on the two halves
//       of the batch (split_batch_gradient.hpp; g = (g_1 + g_2) / 2 is the batch
//       gradient, at the same cost), V_hat_t = (g_1 - g_2)^2 / 4 per coordinate, and
//       V_hat its running mean over all updates. For independent halves E V_hat_t =
//       Var(g); for halves drawn without replacement from N data it is the
//       with-replacement variance, larger by 1 / (1 - n / N) (conservative: less
//       noise injected). beta_hat is clamped to alpha (no injected noise beyond it).
//       Use it with independent batches (WeightPotentialSettings::independent_batches):
//       the disjoint batches of one epoch have anti-correlated gradient noise that
//       largely cancels over the epoch, so there V_hat overstates the effective noise
//       and the chain runs cold (measured on the d = 3 regression: -38 % in tr C).
// v starts at 0. Exploration steps of a cyclical schedule drop the noise (SGD with
// momentum). Unadjusted: the discretisation bias is O(eta) (on a Gaussian with the
// full batch the stationary covariance solves a discrete Lyapunov equation, see
// tests/bayes/test_sg_kernels.cpp), and an error in beta_hat adds O(eta) more.
#pragma once
#include <string>
#include <vector>

#include "bbg/sampler/scheduled_sg_kernel.hpp"

namespace bbg {

class SplitBatchGradient;

struct SghmcSettings {
  double friction = 0.1;                // alpha in (0, 1]
  std::string noise_estimate = "none";  // none | split_batch
};

class SghmcKernel : public ScheduledSgKernel {
 public:
  // std::invalid_argument on a bad setting, or split_batch on a potential without
  // SplitBatchGradient.
  SghmcKernel(const Potential& potential, const StepSchedule& schedule, const SghmcSettings& settings,
              std::vector<double> q0);
  const std::vector<double>& velocity() const { return v_; }
  const std::vector<double>& noise_variance() const { return v_hat_; }  // V_hat (split_batch)
  std::vector<std::pair<std::string, double>> tuned() const override;   // adds mean_beta_hat

 protected:
  int64_t update(Rng& rng, double eps, bool noise) override;
  void save_extra(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore_extra(const io::Checkpoint& checkpoint, const std::string& prefix) override;

 private:
  SghmcSettings settings_;
  const SplitBatchGradient* split_ = nullptr;
  std::vector<double> v_, v_hat_, gradient_, first_, second_;
  int64_t estimates_ = 0;  // updates averaged into v_hat_
};

}  // namespace bbg
