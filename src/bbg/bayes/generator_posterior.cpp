#include "bbg/bayes/generator_posterior.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "bbg/bayes/density_likelihood.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/bayes/weight_potential.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/models/density.hpp"
#include "bbg/targets/target.hpp"

namespace bbg::bayes {

namespace {

// forward(x) = log q(x): a density model as the "network" of a WeightPotential with the
// density likelihood. Its parameters are the model's, in the same order.
struct LogDensityModuleImpl : torch::nn::Module {
  explicit LogDensityModuleImpl(std::shared_ptr<Density> d) : density(register_module("density", std::move(d))) {}
  at::Tensor forward(const at::Tensor& x) { return density->log_prob(x); }
  std::shared_ptr<Density> density;
};
TORCH_MODULE(LogDensityModule);

}  // namespace

std::vector<std::string> generator_record_names(const Target& target) {
  std::vector<std::string> names = {"f_q", "log_z", "data_mean_log_q"};
  for (const auto& p : target.primaries())  // internal ones are recorded but not named
    names.push_back(p.internal || p.name.find('[') != std::string::npos ? "" : "q:" + p.name);
  return names;
}

GeneratorDrawRecorder::GeneratorDrawRecorder(std::shared_ptr<Density> model, std::shared_ptr<const Target> target,
                                             at::Tensor data, int64_t batch, uint64_t seed)
    : model_(std::move(model)), target_(std::move(target)), data_(std::move(data)), batch_(batch), seed_(seed) {
  primaries_ = static_cast<int64_t>(target_->primaries().size());
}

int64_t GeneratorDrawRecorder::record_size() const { return 3 + primaries_; }

void GeneratorDrawRecorder::evaluate(const double* theta, double* record) const {
  torch::NoGradGuard no_grad;
  write_parameters(*model_, theta);
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed_);
  auto [x, log_q] = model_->sample(batch_, gen);
  const at::Tensor lw = -target_->action(x) - log_q;
  record[0] = (-lw).mean().item<double>();
  record[1] = (at::logsumexp(lw, {0}) - std::log(static_cast<double>(batch_))).item<double>();
  record[2] = data_.defined() && data_.numel() > 0 ? model_->log_prob(data_).mean().item<double>()
                                                   : std::numeric_limits<double>::quiet_NaN();
  const Observables obs = target_->measure(x);
  for (int64_t j = 0; j < primaries_; ++j) record[3 + j] = obs[j].second.to(at::kDouble).mean().item<double>();
}

bool generator_sampler_allowed(const std::string& posterior, const std::string& sampler) {
  if (sampler == "ensemble") return false;
  if (posterior == "data") return true;
  return sampler == "sgld" || sampler == "psgld" || sampler == "sghmc" || sampler == "baoab";
}

std::shared_ptr<Potential> generator_potential(const GeneratorPosteriorProblem& problem, const PosteriorSettings& s,
                                               const std::string& sampler, uint64_t chain_seed) {
  std::shared_ptr<Density> model = problem.make_model();
  if (problem.posterior == "variational")
    return std::make_shared<GibbsPotential>(model, problem.target, problem.make_prior(layout_of(*model)), problem.gibbs,
                                            chain_seed);
  if (problem.posterior != "data") throw std::invalid_argument("generator posterior: unknown " + problem.posterior);
  const LogDensityModule net(model);
  WeightPotentialSettings ws;
  ws.batch_size = uses_minibatches(sampler) ? s.batch_size : 0;
  ws.temperature = s.temperature;
  ws.independent_batches = sampler.rfind("penalty", 0) == 0;
  const at::Tensor no_targets = torch::zeros({problem.data.size(0), 1}, torch::kDouble);
  return std::make_shared<WeightPotential>(torch::nn::AnyModule(net), problem.data, no_targets,
                                           std::make_shared<DensityLikelihood>(), problem.make_prior(layout_of(*net)),
                                           ws);
}

PosteriorRunResult run_generator_posterior(const GeneratorPosteriorProblem& problem, const PosteriorSettings& s,
                                           const std::string& sampler, const std::string& checkpoint, bool progress) {
  if (!generator_sampler_allowed(problem.posterior, sampler))
    throw std::invalid_argument("generator posterior: sampler " + sampler + " is not allowed for the " +
                                problem.posterior + " posterior");
  PosteriorRunResult r;
  r.sampler = sampler;
  const bool has_data = problem.posterior == "data";
  r.data_size = has_data ? problem.data.size(0) : 0;
  r.batch_size =
      has_data ? (uses_minibatches(sampler) && s.batch_size > 0 ? s.batch_size : r.data_size) : problem.gibbs.batch;
  if (has_data && r.batch_size > r.data_size)
    throw ConfigError("bayes.batch_size", std::to_string(s.batch_size),
                      "must be <= the number of configurations in D (" + std::to_string(r.data_size) +
                          ", from bayes.data and the reference samples)");
  std::vector<std::shared_ptr<Potential>> potentials;
  std::vector<std::vector<double>> starts;
  for (int64_t c = 0; c < s.chains; ++c) {
    potentials.push_back(generator_potential(problem, s, sampler, s.seed * 1000003ULL + static_cast<uint64_t>(c)));
    if (potentials.back()->size() != static_cast<int64_t>(problem.start.size()))
      throw std::invalid_argument("generator posterior: the start has the wrong number of parameters");
    starts.push_back(problem.start);
  }
  // The data term of the trace on at most kRecordData configurations of D (evenly spaced):
  // evaluating all of D at every stored draw would cost more than the chains.
  constexpr int64_t kRecordData = 1000;
  at::Tensor record_data;
  if (has_data) {
    const int64_t n = problem.data.size(0), k = std::min(n, kRecordData);
    std::vector<int64_t> index(static_cast<size_t>(k));
    for (int64_t i = 0; i < k; ++i) index[i] = (2 * i + 1) * n / (2 * k);
    record_data = problem.data.index_select(0, torch::tensor(index, torch::kLong)).contiguous();
  }
  const GeneratorDrawRecorder recorder(problem.make_model(), problem.target, record_data, problem.record_batch,
                                       problem.record_seed);
  r.chains = s.chains;
  r.record_size = recorder.record_size();
  r.parameters = static_cast<int64_t>(problem.start.size());
  r.weight_thin = s.weight_thin;
  run_weight_chains(potentials, starts, recorder, s, sampler, checkpoint, progress, r);
  return r;
}

}  // namespace bbg::bayes
