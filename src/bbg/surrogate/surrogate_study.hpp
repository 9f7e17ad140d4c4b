// Monte Carlo with a learned surrogate energy and its epistemic uncertainty, side by side
// with exact Monte Carlo (docs/surrogate_mc.md). For a spin target on a periodic L x L
// lattice with an expensive exact action E(s) (e.g. Falicov–Kimball, E = beta F):
//   1. surrogates on n labelled configurations (labels centred on their mean): the Bayesian
//      effective Hamiltonian E_eff(s) = phi(s) . w (lattice_features.hpp) with the conjugate
//      posterior (conjugate_linear.hpp, linear_surrogate.hpp), its noise sigma chosen by
//      maximising the evidence over a grid; and, if asked, the local neural surrogate with
//      its posterior sampled by each sampler of settings.network_posterior, or a deep
//      ensemble (network_surrogate.hpp). Each is a SurrogateEnergy with K members;
//   2. chains by each method (binary_flip_chain.hpp), for each surrogate (exact once):
//        exact       exact single-flip Metropolis (the reference);
//        mean        the posterior-mean surrogate alone (biased);
//        draws       one surrogate-only chain per posterior draw w_k: the spread across
//                    draws is the epistemic uncertainty, each chain's Gamma-method error
//                    the aleatoric one (law of total variance, estimate/epistemic_split.hpp);
//        penalty     min(1, exp(-mu - u_B)) with v the posterior variance of the move's
//                    energy difference: u_B = v / 2 for the conjugate posterior (v exact),
//                    the finite-ensemble penalty of surrogate_energy.hpp for K members;
//        delayed     delayed acceptance: exact, exact energies only after stage 1;
//        cumulative  SLMC blocks of `inner` surrogate flips accepted with the exact energy;
//        generative  an autoregressive model fitted to the pool as the independence proposal
//                    of exact Metropolis-Hastings (generative_proposal.hpp; no surrogate;
//                    one stored state per `generative_proposals_per_sweep` proposals).
//   The exact, delayed and cumulative chains keep the exact energy of their state with the
//   incremental O(N^2) Falicov-Kimball action where the target is one (falicov_kimball_exact_flip.hpp).
//   Every method measures the target's observables on its stored configurations (that
//   measurement may itself need exact energies; it is counted apart from the sampling).
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bbg/estimate/summary.hpp"
#include "bbg/surrogate/network_surrogate.hpp"
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
  std::string surrogate;    // "" for exact and generative
  std::string description;  // generative: the proposal model
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
  SurrogateFit fit;                  // the linear surrogate's (when it runs)
  std::vector<NetworkFit> networks;  // one per network sampler
  int64_t train_temperatures = 1;    // pools the training set was drawn from
  std::vector<MethodResult> methods;
};

// configurations: [M, L, L] spins of p from exact MC (the training pool; the first half of a
// random order trains, the rest tests). other_temperatures: pools from exact MC at other
// temperatures; then the n training configurations are an equal share of each pool (this
// temperature's from its first half), labelled by this target's action; the test set stays
// this temperature's second half.
SurrogateStudy run_surrogate_study(const Target& target, const SurrogateSettings& settings,
                                   const at::Tensor& configurations,
                                   const std::vector<at::Tensor>& other_temperatures = {});

}  // namespace bbg
