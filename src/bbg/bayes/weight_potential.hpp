// The potential of a Bayesian network posterior over its flattened parameters
// theta (parameter_layout.hpp), for every sampler of the core (sampler/potential.hpp).
//
// Convention (docs/bayes.md): with N data, a minibatch B of n of them and a
// temperature T,
//   U(theta) = [ -log p(theta) - (N / n) sum_{i in B} log p(y_i | x_i, theta) ] / T,
// and the sampled density is exp(-U(theta)) = exp(-U_1(theta) / T), U_1 the T = 1 value:
//   T = 1  the Bayesian posterior p(theta | D) (n = N: U_1 = -log p(theta, D));
//   T < 1  a "cold" posterior, sharpened (Wenzel et al., "How good is the Bayes
//          posterior in deep neural networks really?", ICML 2020, eq. 2: the prior
//          is tempered together with the likelihood);
//   T > 1  a warm one.
// The likelihood is a SUM over the data (not a per-datum mean); the factor N / n
// makes U and its gradient on a uniform random minibatch unbiased estimates of their
// full-batch values (Welling & Teh, ICML 2011, eq. 2). n = N is the full batch, exact.
//
// refresh(rng) moves to the next minibatch (without replacement within an epoch,
// bayes/minibatch.hpp) from the chain's own stream; a full-batch potential draws
// nothing. The gradient is taken by autograd through the network; the Gaussian
// prior's part is analytic.
//
// estimate_difference(theta_from, theta_to) gives, on the current minibatch,
//   delta = [ -log p(to) + log p(from) - N mean_{i in B} d_i ] / T,
//   d_i = log p(y_i | x_i, to) - log p(y_i | x_i, from),
// an unbiased estimate of U(to) - U(from) over the full data, and the unbiased
// estimate of its variance for a batch drawn without replacement (Cochran,
// "Sampling Techniques", 3rd ed. 1977, thm. 2.2 and eq. 2.23)
//   variance = (N^2 / n) (1 - n / N) s_d^2 / T^2,  s_d^2 = sample variance of the d_i (n - 1),
// (0 for the full batch); the penalty method (Ceperley & Dewing 1999) needs both.
//
// The module's parameters are the potential's scratch space: every evaluation
// writes theta into them. Evaluations lock a mutex, so one full-batch potential may
// serve several chains; a minibatch potential keeps its batch in mutable state,
// so give each chain its own potential with its own module (one per chain).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/split_batch_gradient.hpp"

namespace at {
class Tensor;
}
namespace torch::nn {
class AnyModule;
}

namespace bbg::bayes {

class GaussianPrior;
class Likelihood;
class MinibatchSchedule;

struct WeightPotentialSettings {
  int64_t batch_size = 0;   // n; 0 (or N): the full batch
  double temperature = 1.0;  // T > 0
  // Each refresh() an independent uniform n-subset instead of the epoch's next
  // disjoint batch (minibatch.hpp); the penalty kernels need independent batches.
  bool independent_batches = false;
};

class WeightPotential : public Potential, public SplitBatchGradient {
 public:
  // network: any module with forward(inputs) -> outputs; every parameter must
  // require grad. inputs [N, ...], targets [N, ...] with the network's output shape,
  // converted to the parameters' dtype. The prior's layout must be the module's.
  // std::invalid_argument on mismatches.
  WeightPotential(const torch::nn::AnyModule& network, const at::Tensor& inputs, const at::Tensor& targets,
                  std::shared_ptr<const Likelihood> likelihood, const GaussianPrior& prior,
                  const WeightPotentialSettings& settings = {});
  ~WeightPotential() override;

  int64_t size() const override;
  double value(const double* theta) const override;
  void gradient(const double* theta, double* g) const override;
  void refresh(Rng& rng) const override;
  // std::logic_error for a minibatch of n = 1 (no variance estimate).
  EnergyDifference estimate_difference(const double* theta_from, const double* theta_to) const override;
  // The two halves are the first floor(n / 2) and the remaining indices of the
  // current batch (in the batch's random order); std::logic_error for n < 2.
  void split_batch_gradients(const double* theta, double* g_first, double* g_second) const override;
  // The minibatch schedule's state (permutation, position) under prefix, bit-exact.
  void save(io::Checkpoint& checkpoint, const std::string& prefix) const override;
  void restore(const io::Checkpoint& checkpoint, const std::string& prefix) override;

  int64_t data_size() const;   // N
  int64_t batch_size() const;  // n
  double temperature() const;  // T
  // sum over ALL N data of log p(y_i | x_i, theta) (diagnostics; no tempering).
  double log_likelihood(const double* theta) const;
  // The module's parameters as they were at construction (its initialisation).
  const std::vector<double>& initial_parameters() const;
  // The minibatch position (for checkpoints: state() / restore()).
  MinibatchSchedule& minibatch() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbg::bayes
