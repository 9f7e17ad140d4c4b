// Everything a posterior run needs besides the sampler settings: how to make a fresh
// network (each chain, the evaluator and each ensemble member get their own module),
// the prior for its parameter layout, the likelihood, and the data split.
// This header includes torch: only the posterior's run and job files include it.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>

#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/bayes/posterior_analysis.hpp"

namespace bbg::bayes {

struct PosteriorProblem {
  std::function<torch::nn::AnyModule()> make_network;
  std::function<GaussianPrior(const ParameterLayout&)> make_prior;
  std::shared_ptr<const Likelihood> likelihood;
  PredictiveKind kind = PredictiveKind::kRegression;
  at::Tensor train_inputs, train_targets, held_inputs, held_targets;
  std::string network_description, prior_description, data_description;
};

}  // namespace bbg::bayes
