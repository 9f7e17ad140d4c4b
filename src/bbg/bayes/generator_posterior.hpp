// The posterior over the weights theta of a density model q_theta of a target
// p ∝ exp(-S) (docs/bayesian_generators.md), sampled by the weight-posterior samplers:
//   data         p(theta | D) ∝ p(theta) prod_i q_theta(x_i), D reference configurations
//                of p (HMC, Wolff): forward KL made Bayesian (WeightPotential with the
//                density likelihood, minibatches of bayes.batch_size);
//   variational  pi(theta) ∝ p(theta) exp(-lambda F_q(theta)) (gibbs_potential.hpp):
//                reverse KL made Bayesian, no data.
// Every chain starts at the trained network's theta. For every stored draw the recorder
// keeps, on one fixed batch of model draws (the same seed for every draw: common random
// numbers, so the trace shows theta's effect and not the batch's),
//   record = [ F_hat, ln Z_hat, mean log q over D (on at most 1000 configurations of it;
//              NaN without data), <O_j>_q for the primaries ],
// the quantities whose R-hat and ESS the summary reports.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bbg/bayes/draw_recorder.hpp"
#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/gibbs_potential.hpp"
#include "bbg/bayes/posterior_run.hpp"

namespace bbg {
class Density;
class Target;
}  // namespace bbg

namespace bbg::bayes {

struct GeneratorPosteriorProblem {
  std::string posterior;                                 // "data" | "variational"
  std::function<std::shared_ptr<Density>()> make_model;  // a fresh model of the trained one's spec
  std::shared_ptr<const Target> target;
  std::function<GaussianPrior(const ParameterLayout&)> make_prior;
  std::vector<double> start;     // the trained network's theta (read_parameters order)
  at::Tensor data;               // data: [N, event shape...] configurations of p
  GibbsPotentialSettings gibbs;  // variational
  int64_t record_batch = 512;    // model draws behind each record
  uint64_t record_seed = 1;
};

// Names of the record's entries, in order: f_q, log_z, data_mean_log_q, then "q:<primary>"
// ("" for an internal primary, which the summary leaves out).
std::vector<std::string> generator_record_names(const Target& target);

class GeneratorDrawRecorder : public DrawRecorder {
 public:
  GeneratorDrawRecorder(std::shared_ptr<Density> model, std::shared_ptr<const Target> target, at::Tensor data,
                        int64_t batch, uint64_t seed);
  int64_t record_size() const override;
  void evaluate(const double* theta, double* record) const override;

 private:
  std::shared_ptr<Density> model_;
  std::shared_ptr<const Target> target_;
  at::Tensor data_;
  int64_t batch_;
  uint64_t seed_;
  int64_t primaries_;
};

// One chain potential of the problem (each call builds its own model).
std::shared_ptr<Potential> generator_potential(const GeneratorPosteriorProblem& problem,
                                               const PosteriorSettings& settings, const std::string& sampler,
                                               uint64_t chain_seed);

// The samplers a posterior allows: data: every sampler but ensemble; variational: the
// unadjusted ones (sgld, psgld, sghmc, baoab), whose gradient noise is harmless; an
// adjusted test of the noisy F_hat would be biased.
bool generator_sampler_allowed(const std::string& posterior, const std::string& sampler);

// The chains (run_weight_chains) with the recorder above. records / weights as in
// PosteriorRunResult (held_out etc. stay 0).
PosteriorRunResult run_generator_posterior(const GeneratorPosteriorProblem& problem, const PosteriorSettings& settings,
                                           const std::string& sampler, const std::string& checkpoint, bool progress);

}  // namespace bbg::bayes
