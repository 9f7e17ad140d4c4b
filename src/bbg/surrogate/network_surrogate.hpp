// The Bayesian neural surrogate (docs/surrogate_mc.md, "The neural surrogate"): the local
// network of local_network.hpp fitted to labelled configurations (centred labels y_n =
// E(s_n) - ybar) with the Gaussian likelihood and a sampled noise sigma,
//   U(theta, log sigma) = -log p(theta) - log p(log sigma) - sum_n log N(y_n | E_net(s_n; theta), sigma^2),
// a fan-in Gaussian prior on theta (bayes/gaussian_prior.hpp) and sigma ~ HalfNormal(sd of
// the labels). The posterior over theta is sampled by a weight-posterior sampler of the core
// (bayes/posterior_run.hpp: sghmc, sgld, hmc, nuts, ...), or replaced by a deep ensemble
// (sampler "ensemble": K independent Adam fits from K prior draws, Lakshminarayanan et al.,
// NeurIPS 2017). K members are kept (posterior draws spread evenly over chains and time, or
// the ensemble's members), each evaluated in plain C++ (local_network_energy.hpp); the
// posterior mean and variance of a flip's Delta are the finite-ensemble estimates of
// surrogate_energy.hpp.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/surrogate/local_network.hpp"
#include "bbg/surrogate/local_network_energy.hpp"
#include "bbg/surrogate/surrogate_energy.hpp"

namespace bbg {

class NetworkSurrogate : public SurrogateEnergy {
 public:
  NetworkSurrogate(std::string name, std::vector<LocalNetworkEnergy> members);
  std::string name() const override { return name_; }
  int64_t members() const override { return static_cast<int64_t>(members_.size()); }
  double member_flip(int64_t member, const double* spins, int64_t site) const override;
  SurrogateDelta flip(const double* spins, int64_t site) const override;  // ensemble_delta of the members
  const LocalNetworkEnergy& member(int64_t k) const { return members_.at(static_cast<size_t>(k)); }

 private:
  std::string name_;
  std::vector<LocalNetworkEnergy> members_;
  mutable std::vector<double> y_;
};

struct NetworkSurrogateSettings {
  LocalNetworkSpec network;            // length set by the caller; output_scale set from the labels
  double prior_scale = 1.0;            // fan-in multiplier c: theta_j ~ N(0, c^2 / fan_in)
  int64_t members = 8;                 // K
  bayes::PosteriorSettings posterior;  // the sampler's settings (chains, warm-up, steps, ...)
};

struct NetworkFit {
  std::string name, sampler, network, prior;
  bool adjusted = false;                          // the sampler has a Metropolis test
  int64_t parameters = 0, data = 0, members = 0;  // members: the K used (diverged ones left out)
  int64_t diverged_members = 0;                   // draws with non-finite weights or energies
  double noise_sigma = 0.0;                       // mean over the members of the sampled sigma
  double train_rmse = 0.0, holdout_rmse = 0.0;    // of the members' mean prediction
  double member_holdout_rmse = 0.0;               // of single members, averaged
  double rhat_log_likelihood = 0.0;               // split R-hat over chains (0: not defined, e.g. an ensemble)
  double max_prediction_rhat = 0.0;
  int64_t gradient_evaluations = 0;
  double seconds = 0.0;
};

struct FittedNetwork {
  NetworkFit report;
  std::unique_ptr<NetworkSurrogate> surrogate;  // null when fewer than 2 members are finite
};

// train_x [n, L, L], test_x [m, L, L] (spins as doubles), centred labels train_y (n), test_y (m).
FittedNetwork fit_network_surrogate(const at::Tensor& train_x, const std::vector<double>& train_y,
                                    const at::Tensor& test_x, const std::vector<double>& test_y,
                                    const NetworkSurrogateSettings& settings, const std::string& sampler);

}  // namespace bbg
