// A generative independence proposal for Monte Carlo with an expensive exact action
// (docs/surrogate_mc.md, method 5 of the surrogate study; the autoregressive proposal of
// L. Huang and L. Wang, PRB 95, 035105 (2017) with a network instead of their RBM).
//   1. An autoregressive model q (models/autoregressive: MADE or PixelCNN) is fitted by
//      maximum likelihood (forward KL, train/objectives.hpp) to a pool of configurations
//      of p ∝ exp(-S) from exact Monte Carlo: a random half of the pool trains, the other
//      half measures the held-out -log q.
//   2. Chains of independence Metropolis-Hastings (Tierney, Ann. Statist. 22 (1994) 1701;
//      the rule of estimate/neural_mcmc.hpp, which runs it): x' ~ q is accepted with
//          A = min(1, exp(-S(x') - log q(x') + S(x) + log q(x))),
//      which leaves exp(-S) invariant whatever q is (q > 0 everywhere: sigmoids never
//      vanish), so the chain is exact and only its efficiency depends on the fit. Every
//      proposal costs one exact action; the proposals do not depend on the state, so they
//      are drawn and their actions computed in large batches (one eigenproblem per row
//      for Falicov-Kimball), then accepted one after the other per chain.
// Chains start from pool configurations (one exact action each, counted), run `warmup`
// sweeps, then store the state after every sweep of `proposals_per_sweep` proposals.
//
// Symmetrisation (symmetrize = true, the default): with the model's z2 option the
// proposal is q_sym(s) = (q(s) + q(-s)) / 2, sampled by flipping a draw of q as a whole
// with probability 1/2. Falicov-Kimball at half filling (mu = 0) has F(x) = F(1 - x), i.e.
// S(s) = S(-s): below T_c its two checkerboards are equally likely, but exact single-flip
// MC rarely crosses between them, so a pool (and a q fitted to it) can favour one. The
// chain stays exact (q > 0 everywhere), but proposals of the underweighted checkerboard
// carry large weights exp(-S - log q), so the chain rejects more and sticks longer; in the
// limit q drops the mode and the chain almost never visits it. q_sym gives both the same
// proposal mass. Measured on 4x4, T = 0.15, a pool with one sign of the staggered
// magnetisation only (tests/surrogate/test_generative_proposal.cpp): acceptance 0.38 and
// tau_int of the energy 10.6 without, 0.74 and 1.2 with it. On a target without the
// symmetry q_sym is still an exact proposal, just a worse one.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

class Target;

// Defaults measured on Falicov-Kimball, U = 4, T = 0.15, pools of 20000 configurations
// from exact single-flip MC (configs/falicov_kimball.toml): acceptance 0.91 on 4x4 and
// 0.69 on 8x8. On 8x8 hidden [32], [64], [128] accept 0.69 alike; 500 steps 0.59, 2000
// steps 0.67 (over-fitted: the held-out -log q rises while the training one falls).
struct GenerativeProposalSettings {
  std::string model = "made";                       // an autoregressive model kind: made | pixelcnn (registry defaults)
  std::vector<int64_t> hidden = {64};               // made: hidden widths (each >= 1; [] = the direct layer alone)
  bool symmetrize = true;                           // q_sym(s) = (q(s) + q(-s)) / 2, see above
  int64_t train_steps = 1000;                       // Adam steps of maximum likelihood, cosine learning rate
  int64_t batch_size = 256;                         // configurations per step (<= the training half of the pool)
  double learning_rate = 5e-3;                      // initial; cosine to 0 over train_steps
  int64_t chains = 4, warmup = 200, sweeps = 2000;  // `sweeps` stored states per chain
  int64_t proposals_per_sweep = 1;                  // independence proposals between stored states
  uint64_t seed = 1;                                // model weights, minibatches, proposals, acceptances
};

struct GenerativeProposalResult {
  std::vector<std::vector<double>> configurations;  // per chain: sweeps x N spins (±1), row-major
  int64_t proposals = 0, accepted = 0;              // the sampling phase (after warm-up)
  int64_t exact_evaluations = 0;                    // all exact actions: starts, warm-up and sampling
  double train_seconds = 0, sample_seconds = 0;     // sample_seconds: warm-up included
  double train_nll = 0, holdout_nll = 0;            // mean -log q per configuration on the two pool halves
  std::string model_description;                    // ModelSpec::describe() and the parameter count
  double acceptance() const { return proposals > 0 ? static_cast<double>(accepted) / proposals : 0.0; }
};

// Throws std::invalid_argument naming the first bad setting, its value and what is allowed.
void validate(const GenerativeProposalSettings& settings);

// pool: [M, shape...] ±1 configurations of the (discrete) target from exact MC, M >= 2.
// Throws std::invalid_argument on bad settings, a continuous target, a pool of another
// shape or with values other than ±1, or a batch_size larger than the pool's training half.
GenerativeProposalResult run_generative_proposal(const Target& target, const at::Tensor& pool,
                                                 const GenerativeProposalSettings& settings);

}  // namespace bbg
