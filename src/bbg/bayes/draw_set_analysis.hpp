// A set of K density models of one target (K posterior draws q_theta_k of a model's
// weights, or the K members of a deep ensemble), each used as a sampler, and their
// equal-weight mixture q_bar = (1/K) sum_k q_k (models/mixture_density.hpp) used as one
// (docs/bayesian_generators.md, (a)-(c), (e)):
//   per draw k: M fresh samples of q_k give the plain averages <O>_q_k (no reweighting),
//     NIS (ln Z, F, reweighted <O>, ESS) and NMCMC, each with its Monte Carlo error, from
//     an independent stream per draw (so the K estimates are independent given the draws);
//   q_bar: M samples of the mixture, weights p / q_bar with every q_k evaluated at every
//     sample, in NIS and in NMCMC;
//   with reference chains of p: the forward ESS and the mode-dropping w_bar of each q_k
//     and of q_bar.
#pragma once
#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "bbg/sample/model_sampler.hpp"

namespace bbg {
class Density;
class Target;
}  // namespace bbg

namespace bbg::bayes {

struct DrawEstimates {
  ModelSampleResult sample;
  bool has_reference = false;
  ReferenceComparison reference;
  double seconds = 0.0;  // sampling and reference evaluation of this model
};

struct DrawSetAnalysis {
  std::vector<DrawEstimates> draws;  // the usable draws, in order
  DrawEstimates mixture;             // q_bar over the usable draws (unset when none is usable)
  bool has_mixture = false;
  // Draws that could not be used as samplers (non-finite weights, or NaN / +inf log
  // weights from a diverged network): their index among the models and why.
  std::vector<std::pair<int64_t, std::string>> failed;
};

// One model as a sampler: sample_model (settings.samples draws from settings.seed) and,
// with reference chains, compare_with_reference.
DrawEstimates estimate_draw(Density& model, const Target& target, const SampleSettings& settings,
                            const at::Tensor& reference_chains);

// A model that gives a NaN or +inf log weight (a diverged draw) is left out and listed
// in `failed`; q_bar is built from the others. per_draw.samples = M; its seed starts the streams (draw k: a stream of
// its own). reference_chains: [C, T, event...] of p, or undefined for none.
DrawSetAnalysis analyse_draw_set(const std::vector<std::shared_ptr<Density>>& models, const Target& target,
                                 const SampleSettings& per_draw, const at::Tensor& reference_chains);

}  // namespace bbg::bayes
