// The variational (data-free) Gibbs posterior over the weights theta of a density
// model q_theta for a target p ∝ exp(-S) (docs/bayesian_generators.md):
//   pi(theta) ∝ p(theta) exp(-lambda F_q(theta)),   F_q(theta) = E_{x ~ q_theta}[log q_theta(x) + S(x)],
//   U(theta)  = [ -log p(theta) + lambda F_hat(theta) ] / T,
// F_hat the mean of log q + S over a batch of n fresh draws of the model. F_q >= F with
// equality only at q = p (F_q - F = KL(q || p)), so pi concentrates on the reverse-KL
// optimum as lambda grows. Near a minimum, F_q - F ~ (1/2) dtheta' I dtheta (I the Fisher
// information of one configuration), so pi is then close to the posterior that N =
// lambda independent configurations of p would give: lambda plays the role of N / T of a
// data posterior. It is a generalised ("Gibbs", PAC-Bayesian) posterior, not the
// posterior of any observed data: its width is set by lambda, not by evidence
// (Bissiri, Holmes & Walker, JRSS B 78 (2016) 1103).
//
// refresh(rng) draws the seed of the next batch from the chain's stream; value() and
// gradient() both draw the batch from that seed (common random numbers), so within one
// refresh U is a deterministic function of theta. The gradient is that of the training
// objectives (train/objectives.hpp) on the batch, times lambda, plus the prior's:
//   path      flows: the path gradient (score term dropped; unbiased, lower variance);
//   total     flows: d/dtheta of F_hat itself (reparameterised);
//   reinforce any model: the score-function estimator with the batch-mean baseline.
// Each is an unbiased estimate of dF_q/dtheta, so the potential suits the stochastic-
// gradient samplers; a Metropolis test on F_hat would be biased (it is a noisy energy).
// The model's parameters are the scratch space; give each chain its own potential.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {
class Density;
class Target;
}  // namespace bbg

namespace bbg::bayes {

struct GibbsPotentialSettings {
  double lambda = 1000.0;         // > 0
  int64_t batch = 256;            // n >= 2 model draws per estimate
  std::string gradient = "path";  // path | total | reinforce
  double temperature = 1.0;       // T > 0, as in the data posterior (prior and lambda term tempered alike)
};

class GibbsPotential : public Potential {
 public:
  // The prior's layout must be the model's (layout_of(*model)); std::invalid_argument otherwise,
  // and for path / total on a model that is not reparameterised.
  GibbsPotential(std::shared_ptr<Density> model, std::shared_ptr<const Target> target, GaussianPrior prior,
                 const GibbsPotentialSettings& settings, uint64_t seed);
  ~GibbsPotential() override;

  int64_t size() const override;
  double value(const double* theta) const override;
  void gradient(const double* theta, double* g) const override;
  void refresh(Rng& rng) const override;
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  // F_hat(theta) on the current batch (no prior, no lambda).
  double free_energy_estimate(const double* theta) const;
  double lambda() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbg::bayes
