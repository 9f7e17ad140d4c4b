// Preconditioned SGLD (Li, Chen, Carlson & Carin, "Preconditioned stochastic
// gradient Langevin dynamics for deep neural networks", AAAI 2016, Algorithm 1)
// with the RMSprop preconditioner, per coordinate:
//   g = dU/dtheta on the minibatch (full-data scale: U carries N / n),
//   V <- alpha V + (1 - alpha) g^2,   G = 1 / (lambda + sqrt(V)),
//   theta <- theta - (eps_k / 2) G g + N(0, eps_k G),
// V starting at 0 (the paper's initialisation). The correction term Gamma(theta) =
// sum_j dG_ij / dtheta_j of the exact preconditioned dynamics is DROPPED, as in the
// paper's practical algorithm: it is small when V changes slowly (alpha near 1) but
// makes the chain biased even as eps -> 0 (Li et al. sec. 3, Theorem 2 with the
// (1 - alpha) / alpha term). Unadjusted: O(eps) discretisation bias plus that term.
// Exploration steps of a cyclical schedule drop the noise (RMSprop descent).
#pragma once
#include <vector>

#include "bbg/sampler/scheduled_sg_kernel.hpp"

namespace bbg {

struct PsgldSettings {
  double alpha = 0.99;   // in [0, 1): the RMSprop average's decay
  double lambda = 1e-5;  // > 0: regulariser of G
};

class PsgldKernel : public ScheduledSgKernel {
 public:
  PsgldKernel(const Potential& potential, const StepSchedule& schedule, const PsgldSettings& settings,
              std::vector<double> q0);
  const std::vector<double>& preconditioner_average() const { return v_; }  // V
  std::vector<std::pair<std::string, double>> tuned() const override;       // adds mean_preconditioner (mean of G)

 protected:
  int64_t update(Rng& rng, double eps, bool noise) override;
  void save_extra(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore_extra(const io::Checkpoint& checkpoint, const std::string& prefix) override;

 private:
  PsgldSettings settings_;
  std::vector<double> v_, gradient_;
};

}  // namespace bbg
