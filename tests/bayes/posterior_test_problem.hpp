// Small posterior problems built in code for the tests of the posterior runner:
// 1-D regression y = f(x) + N(0, sigma^2) with an MLP, the training inputs drawn
// from given intervals, the held-out inputs from others.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <utility>
#include <vector>

#include "bbg/bayes/network.hpp"
#include "bbg/bayes/posterior_problem.hpp"
#include "bbg/core/rng.hpp"

namespace bbg::bayes_test {

using Intervals = std::vector<std::pair<double, double>>;

inline at::Tensor draw_inputs(const Intervals& where, int64_t n, Rng& rng) {
  double total = 0.0;
  for (const auto& [a, b] : where) total += b - a;
  std::vector<double> x(static_cast<size_t>(n));
  for (auto& v : x) {
    double u = rng.uniform() * total;
    for (const auto& [a, b] : where) {
      if (u <= b - a) {
        v = a + u;
        break;
      }
      u -= b - a;
    }
  }
  return torch::from_blob(x.data(), {n, 1}, torch::kDouble).clone();
}

// y = sin(1.5 x) + 0.3 x + N(0, sigma^2); Gaussian likelihood with the true sigma.
inline bayes::PosteriorProblem regression_problem(const Intervals& train, int64_t n_train, const Intervals& held,
                                                  int64_t n_held, double sigma, std::vector<int64_t> hidden,
                                                  uint64_t seed) {
  Rng rng(seed, 0);
  auto truth = [&](const at::Tensor& x) {
    at::Tensor y = torch::sin(1.5 * x) + 0.3 * x;
    std::vector<double> e(static_cast<size_t>(x.size(0)));
    for (auto& v : e) v = sigma * rng.normal();
    return y + torch::from_blob(e.data(), {x.size(0), 1}, torch::kDouble).clone();
  };
  bayes::PosteriorProblem p;
  p.train_inputs = draw_inputs(train, n_train, rng);
  p.train_targets = truth(p.train_inputs);
  p.held_inputs = draw_inputs(held, n_held, rng);
  p.held_targets = truth(p.held_inputs);
  bayes::MlpSpec spec;
  spec.hidden = std::move(hidden);
  p.make_network = [spec] { return bayes::make_mlp(spec); };
  p.make_prior = [](const bayes::ParameterLayout& layout) { return bayes::GaussianPrior::fixed(layout, 1.0); };
  p.likelihood = std::make_shared<bayes::GaussianLikelihood>(sigma);
  return p;
}

}  // namespace bbg::bayes_test
