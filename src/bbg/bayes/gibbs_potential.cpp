#include "bbg/bayes/gibbs_potential.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <stdexcept>

#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/models/density.hpp"
#include "bbg/targets/target.hpp"
#include "bbg/train/objectives.hpp"

namespace bbg::bayes {

struct GibbsPotential::Impl {
  std::shared_ptr<Density> model;
  std::shared_ptr<const Target> target;
  GaussianPrior prior;
  GibbsPotentialSettings settings;
  std::vector<at::Tensor> parameters;
  mutable uint64_t batch_seed;

  Impl(std::shared_ptr<Density> m, std::shared_ptr<const Target> t, GaussianPrior p, GibbsPotentialSettings s,
       uint64_t seed)
      : model(std::move(m)), target(std::move(t)), prior(std::move(p)), settings(std::move(s)), batch_seed(seed) {}

  at::Generator generator() const { return at::make_generator<at::CPUGeneratorImpl>(batch_seed); }
};

GibbsPotential::GibbsPotential(std::shared_ptr<Density> model, std::shared_ptr<const Target> target,
                               GaussianPrior prior, const GibbsPotentialSettings& settings, uint64_t seed) {
  if (!model || !target) throw std::invalid_argument("gibbs potential: no model or no target");
  if (!(settings.lambda > 0.0)) throw std::invalid_argument("gibbs potential: lambda must be > 0");
  if (!(settings.temperature > 0.0)) throw std::invalid_argument("gibbs potential: the temperature must be > 0");
  if (settings.batch < 2) throw std::invalid_argument("gibbs potential: the batch needs >= 2 draws");
  if (settings.gradient != "path" && settings.gradient != "total" && settings.gradient != "reinforce")
    throw std::invalid_argument("gibbs potential: gradient must be path, total or reinforce");
  if (settings.gradient != "reinforce" && !model->reparameterized())
    throw std::invalid_argument("gibbs potential: the " + settings.gradient +
                                " gradient needs a reparameterised model (a flow); use reinforce");
  const ParameterLayout layout = layout_of(*model);
  if (layout.size != prior.size())
    throw std::invalid_argument("gibbs potential: the prior's layout is not the model's");
  impl_ = std::make_unique<Impl>(std::move(model), std::move(target), std::move(prior), settings, seed);
  impl_->parameters = impl_->model->parameters(/*recurse=*/true);
}

GibbsPotential::~GibbsPotential() = default;

int64_t GibbsPotential::size() const { return impl_->prior.size(); }
double GibbsPotential::lambda() const { return impl_->settings.lambda; }

double GibbsPotential::free_energy_estimate(const double* theta) const {
  const Impl& m = *impl_;
  torch::NoGradGuard no_grad;
  write_parameters(*m.model, theta);
  at::Generator gen = m.generator();
  auto [x, log_q] = m.model->sample(m.settings.batch, gen);
  return (log_q + m.target->action(x)).mean().item<double>();
}

double GibbsPotential::value(const double* theta) const {
  const GibbsPotentialSettings& st = impl_->settings;
  return (impl_->prior.neg_log_density(theta) + st.lambda * free_energy_estimate(theta)) / st.temperature;
}

void GibbsPotential::gradient(const double* theta, double* g) const {
  const Impl& m = *impl_;
  write_parameters(*m.model, theta);
  torch::AutoGradMode grad_mode(true);
  at::Generator gen = m.generator();
  const ObjectiveValue o =
      m.settings.gradient == "path"    ? reverse_kl_path(*m.model, *m.target, m.settings.batch, gen, 1.0)
      : m.settings.gradient == "total" ? reverse_kl_total(*m.model, *m.target, m.settings.batch, gen, 1.0)
                                       : reinforce(*m.model, *m.target, m.settings.batch, gen, 1.0);
  const auto grads = torch::autograd::grad({o.loss}, m.parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                           /*create_graph=*/false, /*allow_unused=*/true);
  int64_t offset = 0;
  for (size_t k = 0; k < grads.size(); ++k) {
    const int64_t numel = m.parameters[k].numel();
    if (grads[k].defined()) {
      const at::Tensor d = grads[k].to(torch::kDouble).contiguous();
      const double* src = d.data_ptr<double>();
      for (int64_t j = 0; j < numel; ++j) g[offset + j] = m.settings.lambda / m.settings.temperature * src[j];
    } else {
      std::fill(g + offset, g + offset + numel, 0.0);
    }
    offset += numel;
  }
  m.prior.add_gradient(theta, 1.0 / m.settings.temperature, g);
}

void GibbsPotential::refresh(Rng& rng) const { impl_->batch_seed = rng.next(); }

void GibbsPotential::save(io::Checkpoint& checkpoint, const std::string& prefix) const {
  checkpoint.put_int64s(prefix + "batch_seed", {static_cast<int64_t>(impl_->batch_seed)});
}

void GibbsPotential::restore(const io::Checkpoint& checkpoint, const std::string& prefix) {
  impl_->batch_seed = static_cast<uint64_t>(checkpoint.get_int64s(prefix + "batch_seed").at(0));
}

}  // namespace bbg::bayes
