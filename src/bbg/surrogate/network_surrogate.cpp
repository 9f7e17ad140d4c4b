#include "bbg/surrogate/network_surrogate.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "bbg/bayes/noise_scale_module.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/bayes/posterior_analysis.hpp"
#include "bbg/bayes/posterior_problem.hpp"
#include "bbg/bayes/posterior_run.hpp"

namespace bbg {

NetworkSurrogate::NetworkSurrogate(std::string name, std::vector<LocalNetworkEnergy> members)
    : name_(std::move(name)), members_(std::move(members)), y_(members_.size()) {
  if (members_.size() < 2) throw std::invalid_argument("network surrogate: needs at least 2 members");
}

double NetworkSurrogate::member_flip(int64_t member, const double* spins, int64_t site) const {
  return members_.at(static_cast<size_t>(member)).flip_difference(spins, site);
}

SurrogateDelta NetworkSurrogate::flip(const double* spins, int64_t site) const {
  for (size_t k = 0; k < members_.size(); ++k) y_[k] = members_[k].flip_difference(spins, site);
  return ensemble_delta(y_.data(), static_cast<int64_t>(y_.size()));
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

at::Tensor column(const std::vector<double>& y) { return torch::tensor(y, torch::kDouble).reshape({-1, 1}); }

// rmse of the members' mean prediction, and of single members averaged over them.
std::pair<double, double> rmse(const std::vector<LocalNetworkEnergy>& members, const at::Tensor& x,
                               const std::vector<double>& y) {
  const int64_t n = x.size(0), sites = x.size(1) * x.size(2);
  const at::Tensor c = x.contiguous();
  double mean_ss = 0.0, member_ss = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double mean = 0.0;
    for (const auto& m : members) {
      const double e = m.energy(c.data_ptr<double>() + i * sites);
      mean += e / static_cast<double>(members.size());
      member_ss += (e - y[i]) * (e - y[i]) / static_cast<double>(members.size());
    }
    mean_ss += (mean - y[i]) * (mean - y[i]);
  }
  if (n == 0) return {std::nan(""), std::nan("")};
  return {std::sqrt(mean_ss / n), std::sqrt(member_ss / n)};
}

}  // namespace

FittedNetwork fit_network_surrogate(const at::Tensor& train_x, const std::vector<double>& train_y,
                                    const at::Tensor& test_x, const std::vector<double>& test_y,
                                    const NetworkSurrogateSettings& settings, const std::string& sampler) {
  const auto start = std::chrono::steady_clock::now();
  if (settings.members < 2)
    throw std::invalid_argument("network surrogate: members = " + std::to_string(settings.members) + ", need >= 2");
  const int64_t n = train_x.size(0);
  if (n != static_cast<int64_t>(train_y.size()) || test_x.size(0) != static_cast<int64_t>(test_y.size()))
    throw std::invalid_argument("network surrogate: one label per configuration");
  double var = 0.0;
  for (double v : train_y) var += v * v / static_cast<double>(n);
  const double label_sd = std::max(std::sqrt(var), 1e-12);
  LocalNetworkSpec spec = settings.network;
  spec.output_scale = label_sd / static_cast<double>(spec.length * spec.length);  // g ~ 1 gives E ~ sd
  spec.validate();

  bayes::PosteriorSettings ps = settings.posterior;
  const bool ensemble = sampler == "ensemble";
  if (ensemble) ps.chains = settings.members;
  bayes::PosteriorProblem problem;
  problem.make_network = [spec, label_sd] {
    return bayes::with_learned_noise(make_local_network(spec), 0.1 * label_sd);
  };
  const double prior_scale = settings.prior_scale;
  problem.make_prior = [prior_scale, label_sd](const bayes::ParameterLayout& layout) {
    bayes::GaussianPrior prior = bayes::GaussianPrior::fan_in(layout, prior_scale);
    prior.set_half_normal_log_scale(bayes::kLogSigmaParameter, label_sd);
    return prior;
  };
  problem.likelihood = std::make_shared<bayes::GaussianLearnedNoiseLikelihood>();
  problem.kind = bayes::PredictiveKind::kRegression;
  problem.train_inputs = train_x.to(torch::kDouble).contiguous();
  problem.train_targets = column(train_y);
  problem.held_inputs = test_x.to(torch::kDouble).contiguous();
  problem.held_targets = column(test_y);
  problem.network_description = spec.describe();
  const bayes::ParameterLayout layout = bayes::layout_of(*problem.make_network().ptr());
  problem.prior_description = problem.make_prior(layout).describe();

  const bayes::PosteriorRunResult run = bayes::run_posterior_sampler(problem, ps, sampler, "", false);

  // K members: one per chain for the ensemble; else evenly spaced over the stored draws of all chains.
  std::vector<std::vector<double>> thetas;
  for (const auto& chain : run.weights) {
    const int64_t p = layout.size, stored = static_cast<int64_t>(chain.size()) / std::max<int64_t>(p, 1);
    for (int64_t t = 0; t < stored; ++t) thetas.emplace_back(chain.begin() + t * p, chain.begin() + (t + 1) * p);
  }
  if (static_cast<int64_t>(thetas.size()) < settings.members)
    throw std::invalid_argument("network surrogate: the sampler stored " + std::to_string(thetas.size()) +
                                " weight draws, fewer than members = " + std::to_string(settings.members) +
                                " (raise samples or lower weight_thin)");
  // interleave chains: draw t of chain c at position t * chains + c
  std::vector<const std::vector<double>*> order;
  {
    const int64_t chains = static_cast<int64_t>(run.weights.size());
    const int64_t per_chain = static_cast<int64_t>(thetas.size()) / chains;
    for (int64_t t = 0; t < per_chain; ++t)
      for (int64_t c = 0; c < chains; ++c) order.push_back(&thetas[c * per_chain + t]);
  }
  std::vector<LocalNetworkEnergy> members;
  double sigma_sum = 0.0;
  const int64_t total = static_cast<int64_t>(order.size());
  int64_t sigma_offset = -1;
  for (const auto& t : layout.tensors)
    if (t.name == bayes::kLogSigmaParameter) sigma_offset = t.offset;
  FittedNetwork out;
  NetworkFit& r = out.report;
  const at::Tensor held = problem.held_inputs;
  const int64_t sites = spec.length * spec.length;
  for (int64_t k = 0; k < settings.members; ++k) {
    // the last K draws of the interleaved sequence spread evenly: index total - 1 - j * stride
    const int64_t stride = std::max<int64_t>(1, total / settings.members);
    const std::vector<double>& theta = *order[total - 1 - k * stride];
    LocalNetworkEnergy member(spec, layout, theta.data());
    // A diverged draw (non-finite weights or energies) is left out and counted, never used.
    bool finite = std::all_of(theta.begin(), theta.end(), [](double v) { return std::isfinite(v); });
    for (int64_t i = 0; finite && i < std::min<int64_t>(held.size(0), 16); ++i)
      finite = std::isfinite(member.energy(held.data_ptr<double>() + i * sites));
    if (!finite) {
      ++r.diverged_members;
      continue;
    }
    members.push_back(std::move(member));
    if (sigma_offset >= 0) sigma_sum += std::exp(theta[sigma_offset]);
  }

  r.name = "network:" + sampler;
  r.sampler = sampler;
  r.network = spec.describe();
  r.prior = problem.prior_description;
  r.adjusted = run.adjusted;
  r.parameters = layout.size;
  r.data = n;
  r.members = static_cast<int64_t>(members.size());
  r.noise_sigma = members.empty() ? std::nan("") : sigma_sum / static_cast<double>(members.size());
  r.gradient_evaluations = run.gradient_evaluations + run.warmup_gradient_evaluations + run.init_gradient_evaluations;
  r.rhat_log_likelihood = 0.0;
  if (members.size() < 2) {  // nothing to run on: the report says why
    r.train_rmse = r.holdout_rmse = r.member_holdout_rmse = std::nan("");
    r.seconds = seconds_since(start);
    return out;
  }
  // E_net was fitted to the centred labels, so it predicts them directly.
  std::tie(r.train_rmse, std::ignore) = rmse(members, problem.train_inputs, train_y);
  std::tie(r.holdout_rmse, r.member_holdout_rmse) = rmse(members, problem.held_inputs, test_y);
  if (!ensemble && run.draws >= 4) {
    const bayes::PosteriorAnalysis a = bayes::analyse_posterior(bayes::posterior_input(run, problem));
    r.rhat_log_likelihood = a.log_likelihood.rhat;
    r.max_prediction_rhat = a.max_prediction_rhat;
  }
  out.surrogate = std::make_unique<NetworkSurrogate>(r.name, std::move(members));
  r.seconds = seconds_since(start);
  return out;
}

}  // namespace bbg
