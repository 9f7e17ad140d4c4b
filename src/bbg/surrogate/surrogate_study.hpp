// Monte Carlo with a learned surrogate energy and its epistemic uncertainty, side by side
// with exact Monte Carlo (docs/surrogate_mc.md). For a spin target on a periodic L x L
// lattice with an expensive exact action E(s) (e.g. Falicov–Kimball, E = beta F):
//   1. a Bayesian effective Hamiltonian E_eff(s) = phi(s) . w (lattice_features.hpp) with
//      the conjugate posterior (conjugate_linear.hpp) on n labelled configurations (labels
//      centred on their mean, which E0 absorbs), its noise sigma chosen by maximising the
//      evidence over a grid;
//   2. chains by each method (binary_flip_chain.hpp):
//        exact       exact single-flip Metropolis (the reference);
//        mean        the posterior-mean surrogate alone (biased);
//        draws       one surrogate-only chain per posterior draw w_k: the spread across
//                    draws is the epistemic uncertainty, each chain's Gamma-method error
//                    the aleatoric one (law of total variance, estimate/epistemic_split.hpp);
//        penalty     min(1, exp(-mu - v / 2)) with v = dphi' Sigma_N dphi, the posterior
//                    variance of the move's energy difference;
//        delayed     delayed acceptance: exact, exact energies only after stage 1;
//        cumulative  SLMC blocks of `inner` surrogate flips accepted with the exact energy.
//   Every method measures the target's observables on its stored configurations (that
//   measurement may itself need exact energies; it is counted apart from the sampling).
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bbg/estimate/summary.hpp"
#include "bbg/surrogate/surrogate_settings.hpp"

namespace bbg {

class Target;

struct MethodObservable {
  std::string name;
  double value = 0.0, error = 0.0;  // error: aleatoric (Gamma method over chains)
  double epistemic = 0.0;           // "draws": sd across draw chains beyond their MC errors
  double tau_int = 0.5;
};

struct MethodResult {
  std::string method;
  std::vector<MethodObservable> observables;
  double acceptance = 0.0;
  int64_t proposals = 0, exact_evaluations = 0;
  int64_t measured_configurations = 0;  // stored configurations measure() ran on (apart from the sampling)
  double seconds = 0.0;
  double effective_samples = 0.0;  // of the energy (or the first observable): samples / (2 tau_int)
};

struct SurrogateFit {
  std::vector<std::string> feature_names;
  std::vector<double> mean, sd;  // posterior mean and sd of each coupling
  double noise_sigma = 0.0, log_evidence = 0.0;
  int64_t data = 0;
  double train_rmse = 0.0, holdout_rmse = 0.0;  // of E_eff against E on the training / held-out half
  double seconds = 0.0;
};

struct SurrogateStudy {
  SurrogateFit fit;
  std::vector<MethodResult> methods;
};

// configurations: [M, L, L] spins of p from exact MC (the training pool; the first half of a
// random order trains, the rest tests).
SurrogateStudy run_surrogate_study(const Target& target, const SurrogateSettings& settings,
                                   const at::Tensor& configurations);

}  // namespace bbg
