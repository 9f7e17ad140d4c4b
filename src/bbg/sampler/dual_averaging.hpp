// Step-size adaptation by dual averaging (Nesterov 2009, as used for HMC in
// Hoffman & Gelman, JMLR 15 (2014) 1593, Algorithm 5):
//   Hbar_t = (1 - 1/(t + t0)) Hbar_{t-1} + (delta - alpha_t) / (t + t0)
//   log eps_t = mu - sqrt(t) / gamma * Hbar_t
//   log epsbar_t = t^{-kappa} log eps_t + (1 - t^{-kappa}) log epsbar_{t-1}
// with mu = log(10 eps_0), gamma = 0.05, t0 = 10, kappa = 0.75. alpha_t is the
// Metropolis acceptance probability min(1, exp(-dH)) of trajectory t. After
// warm-up the averaged step size epsbar is used and kept fixed.
#pragma once
#include <algorithm>
#include <cmath>

namespace bbg {

class DualAveraging {
 public:
  DualAveraging() = default;
  DualAveraging(double initial_step, double target_acceptance)
      : mu_(std::log(10.0 * initial_step)), delta_(target_acceptance), log_step_(std::log(initial_step)) {}

  // Updates with one acceptance probability; returns the step size for the next trajectory.
  double update(double accept_prob) {
    t_ += 1.0;
    const double w = 1.0 / (t_ + t0_);
    h_bar_ = (1.0 - w) * h_bar_ + w * (delta_ - std::min(1.0, accept_prob));
    log_step_ = mu_ - std::sqrt(t_) / gamma_ * h_bar_;
    const double eta = std::pow(t_, -kappa_);
    log_step_bar_ = eta * log_step_ + (1.0 - eta) * log_step_bar_;
    return std::exp(log_step_);
  }
  double step() const { return std::exp(log_step_); }
  double averaged_step() const { return t_ > 0 ? std::exp(log_step_bar_) : std::exp(log_step_); }

  // Plain state for checkpoints.
  struct State {
    double mu, delta, t, h_bar, log_step, log_step_bar;
  };
  State state() const { return {mu_, delta_, t_, h_bar_, log_step_, log_step_bar_}; }
  void restore(const State& s) {
    mu_ = s.mu, delta_ = s.delta, t_ = s.t, h_bar_ = s.h_bar, log_step_ = s.log_step, log_step_bar_ = s.log_step_bar;
  }

 private:
  static constexpr double gamma_ = 0.05, t0_ = 10.0, kappa_ = 0.75;
  double mu_ = 0.0, delta_ = 0.8, t_ = 0.0, h_bar_ = 0.0, log_step_ = 0.0, log_step_bar_ = 0.0;
};

}  // namespace bbg
