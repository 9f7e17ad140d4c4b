// The No-U-Turn sampler (Hoffman & Gelman, JMLR 15 (2014) 1593) in the form Stan
// uses (Betancourt, "A Conceptual Introduction to Hamiltonian Monte Carlo",
// arXiv:1701.02434 (2017), sec. 4 and appendix A; stan/mcmc/hmc/nuts/base_nuts.hpp):
//   p ~ N(0, M); the trajectory doubles (depth j adds 2^j leapfrog steps of +-eps,
//   direction by a fair coin) until the no-U-turn criterion fails, a sub-tree
//   diverges or the depth reaches max_depth;
//   each point z of the trajectory has weight w(z) = exp(H0 - H(z)); the draw is
//   multinomial over the points: inside a new sub-tree progressively with
//   probability w(final half) / w(sub-tree), and at the top level biased towards the
//   new sub-tree with probability min(1, w(new sub-tree) / w(old trajectory));
//   criterion (generalised, Betancourt 2017 appendix A.4.2): with rho the sum of the
//   momenta over a (sub-)trajectory and p#- , p#+ = M^-1 p at its two ends, it goes on
//   while p#-.rho > 0 and p#+.rho > 0; checked on every merged tree and, as Stan
//   does since 2.21, also across each merge: on (left tree + first point of the right
//   one) and (last point of the left one + right tree);
//   divergence: H(z) - H0 > max_energy_error (1000) ends the tree (its proposals are
//   discarded); a NaN energy counts as +infinity.
// Leapfrog with the gradient cached per point: one gradient and one value per step.
// Adaptation statistic: the mean of min(1, exp(H0 - H(z))) over all points built,
// rejected sub-trees included. Warm-up: dual averaging of eps towards 0.8 and
// optionally Stan's windowed diagonal metric (warmup_tuner.hpp). Exact: the
// multinomial draw leaves exp(-H) invariant at any eps (Betancourt 2017, A.3).
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

struct NutsSettings {
  double step_size = 0.1;  // eps, initial when adapted
  int64_t max_depth = 10;  // at most 2^max_depth - 1 leapfrog steps, 1..30
  double max_energy_error = 1000.0;
  bool adapt_step_size = true;
  double target_acceptance = 0.8;
  bool adapt_diagonal_metric = false;
  std::shared_ptr<const Metric> metric;  // null: unit; copied
};

class NutsKernel : public ChainKernel {
 public:
  NutsKernel(const Potential& potential, std::vector<double> q, const NutsSettings& settings);
  ~NutsKernel() override;

  const std::vector<double>& position() const override { return q_; }
  StepInfo warmup_step(Rng& rng, int64_t iteration, int64_t warmup) override;
  void end_warmup() override;
  StepInfo step(Rng& rng) override;
  bool adjusted() const override { return true; }
  // step_size, mean_tree_depth, mean_leapfrog_steps, divergences (sampling phase), mean_inverse_mass.
  std::vector<std::pair<std::string, double>> tuned() const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  double step_size() const;
  const Metric& metric() const;
  // The last transition.
  int64_t tree_depth() const { return depth_; }
  bool divergent() const { return divergent_; }
  // Sampling phase (since end_warmup).
  int64_t transitions() const { return transitions_; }
  int64_t divergences() const { return divergences_; }
  double mean_tree_depth() const;

 private:
  struct Point {  // a phase-space point with U(q) and dU/dq(q)
    std::vector<double> q, p, g;
    double u = 0.0;
  };
  struct Candidate {  // a point that may become the draw
    std::vector<double> q, g;
    double u = 0.0, h = 0.0;
  };
  struct Level;  // the buffers of one recursion depth
  struct Walk {  // what a transition accumulates
    double h0 = 0.0, eps = 0.0, sum_acceptance = 0.0;
    int64_t leapfrogs = 0;
    bool divergent = false;
  };
  StepInfo transition(Rng& rng);
  void leapfrog(Point& z, double eps);
  bool build_tree(int64_t depth, Point& z, Candidate& proposal, double* sharp_begin, double* sharp_end, double* rho,
                  double* p_begin, double* p_end, double& log_sum_weight, Rng& rng, Walk& walk);
  bool no_u_turn(const double* sharp_minus, const double* sharp_plus, const double* rho) const;

  const Potential& potential_;
  NutsSettings settings_;
  std::unique_ptr<WarmupTuner> tuner_;
  std::vector<double> q_, g_;  // the current point and dU/dq there
  double u_ = 0.0;             // U(q)
  int64_t depth_ = 0;
  bool divergent_ = false;
  int64_t transitions_ = 0, depth_sum_ = 0, leapfrog_sum_ = 0, divergences_ = 0;
  // buffers
  Point forward_, backward_;
  Candidate draw_, proposal_;
  std::vector<double> p_ff_, s_ff_, p_fb_, s_fb_, p_bf_, s_bf_, p_bb_, s_bb_;  // p and M^-1 p at the sub-tree ends
  std::vector<double> rho_, rho_f_, rho_b_, extended_, scratch_;
  std::vector<Level> levels_;
};

}  // namespace bbg
