// What the posterior summary needs of one posterior draw theta, evaluated on the
// full training data and at the held-out points (no minibatch, no tempering):
//   log_posterior  = log p(theta) + sum_i log p(y_i | x_i, theta)   (T = 1, unnormalised in Z)
//   log_likelihood = sum_i log p(y_i | x_i, theta) over the training data
//   mean_j, aleatoric_variance_j = the likelihood's predictive moments of y at held-out
//                    (Likelihood::predictive)
//                    point j under theta (the noise of y given theta: the aleatoric part)
//   held_out_log_likelihood_j = log p(y_j | x_j, theta)
// Packed in one record of doubles per draw (record_size() of them) so that chains
// can store and checkpoint them as flat vectors.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "bbg/bayes/draw_recorder.hpp"

namespace at {
class Tensor;
}
namespace torch::nn {
class AnyModule;
}

namespace bbg::bayes {

class GaussianPrior;
class Likelihood;

class DrawEvaluator : public DrawRecorder {
 public:
  // network: its own module (the evaluator writes theta into it). held-out data may be empty (0 rows).
  DrawEvaluator(const torch::nn::AnyModule& network, const at::Tensor& train_inputs, const at::Tensor& train_targets,
                const at::Tensor& held_inputs, const at::Tensor& held_targets,
                std::shared_ptr<const Likelihood> likelihood, const GaussianPrior& prior);
  ~DrawEvaluator() override;

  int64_t held_out_points() const;  // H
  int64_t outputs() const;          // k: predicted components of y per point
  int64_t record_size() const override;  // 2 + 2 H k + H

  // Fills record[0 .. record_size()).
  void evaluate(const double* theta, double* record) const override;

  // Offsets into a record.
  static constexpr int64_t kLogPosterior = 0, kLogLikelihood = 1;
  int64_t mean_offset() const { return 2; }
  int64_t variance_offset() const;
  int64_t held_out_log_likelihood_offset() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbg::bayes
