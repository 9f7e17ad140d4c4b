// Using a trained Density as an asymptotically unbiased sampler for a target.
//
// sample_model streams batches x ~ q through neural importance sampling
// (ImportanceAccumulator: ln Z, F, ESS, reweighted observables) and through
// independence Metropolis with q as the proposal (IndependenceMetropolis), in
// memory that does not grow with the number of samples; it also keeps the plain
// q averages (variational estimates, labelled as such); it keeps the first
// `keep` log weights and magnetisations for plots.
// compare_with_reference evaluates q on samples of p (e.g. HMC chains) for the
// forward ESS and the mode-dropping estimator of Nicoli et al., PRD 108, 114501.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bbg/estimate/importance.hpp"
#include "bbg/estimate/mode_dropping.hpp"
#include "bbg/estimate/neural_mcmc.hpp"
#include "bbg/sample/sample_settings.hpp"

namespace bbg {

class Density;
class Target;

struct ModelSampleResult {
  NisResult nis;
  // The model's own averages <O>_q (no reweighting): what a variational
  // calculation reports; biased by KL(q||p) != 0. Same jackknife bins as NIS.
  NisResult variational;
  NmcmcResult nmcmc;
  double seconds = 0.0;
  std::vector<double> kept_log_weight, kept_m;
};

std::vector<DerivedSpec> derived_specs(const Target& target);

ModelSampleResult sample_model(Density& model, const Target& target, const SampleSettings& settings);

struct ReferenceComparison {
  double forward_ess_per_sample = 0.0;
  ModeDroppingResult mode_dropping;
  int64_t reference_samples = 0;
  // max lw - median lw over the reference samples, lw = -S - log q. The forward
  // ESS/N = N^2 / (sum w sum 1/w) <= N^2 exp(-(max lw - min lw)), so one
  // configuration where q is far below p (a large excess) makes it collapse.
  double log_weight_max_minus_median = 0.0;
};

// chains: [C, N, event_shape...] configurations of p.
ReferenceComparison compare_with_reference(Density& model, const Target& target, const at::Tensor& chains,
                                           const Estimate& log_z_q);

}  // namespace bbg
