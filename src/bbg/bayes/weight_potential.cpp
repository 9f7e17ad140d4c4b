#include "bbg/bayes/weight_potential.hpp"

#include <torch/torch.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/minibatch.hpp"
#include "bbg/bayes/parameter_layout.hpp"
#include "bbg/io/checkpoint.hpp"

namespace bbg::bayes {

struct WeightPotential::Impl {
  mutable torch::nn::AnyModule network;  // forward() is not const
  std::vector<at::Tensor> parameters;
  at::Tensor inputs, targets;
  std::shared_ptr<const Likelihood> likelihood;
  GaussianPrior prior;
  double temperature;
  std::vector<double> initial;
  mutable MinibatchSchedule schedule;
  mutable at::Tensor batch_inputs, batch_targets;  // the current minibatch
  mutable at::Tensor batch_index;                  // [n] int64, reused by select_batch
  bool direct = false;  // every parameter contiguous, all float or all double: raw reads and writes
  mutable std::mutex mutex;

  Impl(const torch::nn::AnyModule& net, GaussianPrior p, int64_t n_data, int64_t n_batch, double t, bool independent)
      : network(net), prior(std::move(p)), temperature(t), schedule(n_data, n_batch, independent) {}

  double n_data() const { return static_cast<double>(schedule.data_size()); }
  double n_batch() const { return static_cast<double>(schedule.batch_size()); }

  void select_batch() const {
    if (schedule.full_batch()) {
      batch_inputs = inputs;
      batch_targets = targets;
      return;
    }
    if (!batch_index.defined()) batch_index = torch::empty({schedule.batch_size()}, torch::kLong);
    std::memcpy(batch_index.data_ptr<int64_t>(), schedule.indices(),
                sizeof(int64_t) * static_cast<size_t>(schedule.batch_size()));
    batch_inputs = inputs.index_select(0, batch_index);
    batch_targets = targets.index_select(0, batch_index);
  }

  // theta -> the parameters. With `direct`, straight into their storage (float: rounded
  // to nearest, as copy_ does; double: the same bits), which skips one dispatched copy
  // per tensor; the version counter is bumped as copy_ would. Otherwise write_parameters.
  template <class T>
  void write_direct(const double* theta) const {
    for (const auto& p : parameters) {
      T* dst = p.data_ptr<T>();
      const int64_t numel = p.numel();
      for (int64_t j = 0; j < numel; ++j) dst[j] = static_cast<T>(theta[j]);
      theta += numel;
      p.unsafeGetTensorImpl()->bump_version();
    }
  }
  void write(const double* theta) const {
    if (!direct) {
      write_parameters(*network.ptr(), theta);
    } else if (parameters.front().scalar_type() == torch::kFloat) {
      write_direct<float>(theta);
    } else {
      write_direct<double>(theta);
    }
  }

  // Per-datum log p(y_i | x_i, theta) on the current batch, [n].
  at::Tensor batch_log_likelihood(const double* theta) const {
    write(theta);
    return likelihood->log_likelihood(network.forward(batch_inputs), batch_targets);
  }
};

WeightPotential::WeightPotential(const torch::nn::AnyModule& network, const at::Tensor& inputs,
                                 const at::Tensor& targets, std::shared_ptr<const Likelihood> likelihood,
                                 const GaussianPrior& prior, const WeightPotentialSettings& settings) {
  if (network.is_empty()) throw std::invalid_argument("weight potential: no network");
  if (!likelihood) throw std::invalid_argument("weight potential: no likelihood");
  if (!(settings.temperature > 0.0)) throw std::invalid_argument("weight potential: the temperature must be > 0");
  if (inputs.dim() < 1 || targets.dim() < 1 || inputs.size(0) != targets.size(0) || inputs.size(0) < 1)
    throw std::invalid_argument("weight potential: inputs and targets need the same number (>= 1) of rows");
  const int64_t n_data = inputs.size(0);
  const int64_t n_batch = settings.batch_size == 0 ? n_data : settings.batch_size;
  impl_ = std::make_unique<Impl>(network, prior, n_data, n_batch, settings.temperature, settings.independent_batches);
  Impl& m = *impl_;
  m.likelihood = std::move(likelihood);
  m.parameters = network.ptr()->parameters(/*recurse=*/true);
  if (m.parameters.empty()) throw std::invalid_argument("weight potential: the network has no parameters");
  for (const auto& p : m.parameters)
    if (!p.requires_grad()) throw std::invalid_argument("weight potential: every parameter must require grad");
  const ParameterLayout layout = layout_of(*network.ptr());
  const auto& pl = prior.layout();
  bool same = layout.size == pl.size && layout.tensors.size() == pl.tensors.size();
  for (size_t k = 0; same && k < layout.tensors.size(); ++k)
    same = layout.tensors[k].name == pl.tensors[k].name && layout.tensors[k].shape == pl.tensors[k].shape;
  if (!same) throw std::invalid_argument("weight potential: the prior's parameter layout is not the network's");
  const auto dtype = m.parameters.front().scalar_type();
  m.direct = dtype == torch::kFloat || dtype == torch::kDouble;
  for (const auto& p : m.parameters) m.direct = m.direct && p.scalar_type() == dtype && p.is_contiguous();
  m.inputs = inputs.detach().to(dtype).contiguous();
  m.targets = targets.detach().to(dtype).contiguous();
  m.initial.resize(layout.size);
  read_parameters(*network.ptr(), m.initial.data());
  m.select_batch();
}

WeightPotential::~WeightPotential() = default;

int64_t WeightPotential::size() const { return impl_->prior.size(); }
int64_t WeightPotential::data_size() const { return impl_->schedule.data_size(); }
int64_t WeightPotential::batch_size() const { return impl_->schedule.batch_size(); }
double WeightPotential::temperature() const { return impl_->temperature; }
const std::vector<double>& WeightPotential::initial_parameters() const { return impl_->initial; }
MinibatchSchedule& WeightPotential::minibatch() const { return impl_->schedule; }

double WeightPotential::value(const double* theta) const {
  const Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  torch::NoGradGuard no_grad;
  const double ll = m.batch_log_likelihood(theta).sum().item<double>();
  return (m.prior.neg_log_density(theta) - m.n_data() / m.n_batch() * ll) / m.temperature;
}

namespace {

// g = scale * d(ll)/dtheta + the prior's gradient / T, ll a scalar on the module's graph.
void write_gradient(const std::vector<at::Tensor>& parameters, const GaussianPrior& prior, double temperature,
                    const at::Tensor& ll, bool retain_graph, double scale, const double* theta, double* g) {
  const auto grads = torch::autograd::grad({ll}, parameters, /*grad_outputs=*/{}, retain_graph,
                                           /*create_graph=*/false, /*allow_unused=*/true);
  int64_t offset = 0;
  for (size_t k = 0; k < grads.size(); ++k) {
    const int64_t numel = parameters[k].numel();
    if (grads[k].defined() && grads[k].scalar_type() == torch::kFloat) {
      // float -> double is exact: the same values as .to(kDouble), without the dispatched copy
      const at::Tensor d = grads[k].contiguous();
      const float* src = d.data_ptr<float>();
      for (int64_t j = 0; j < numel; ++j) g[offset + j] = scale * static_cast<double>(src[j]);
    } else if (grads[k].defined()) {
      const at::Tensor d = grads[k].to(torch::kDouble).contiguous();
      const double* src = d.data_ptr<double>();
      for (int64_t j = 0; j < numel; ++j) g[offset + j] = scale * src[j];
    } else {
      std::fill(g + offset, g + offset + numel, 0.0);  // a parameter the output does not depend on
    }
    offset += numel;
  }
  prior.add_gradient(theta, 1.0 / temperature, g);
}

}  // namespace

void WeightPotential::gradient(const double* theta, double* g) const {
  const Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  torch::AutoGradMode grad_mode(true);
  const at::Tensor ll = m.batch_log_likelihood(theta).sum();
  // dU/dtheta = [ theta / s^2 - (N / n) d(sum_B log p)/dtheta ] / T
  const double scale = -m.n_data() / m.n_batch() / m.temperature;
  write_gradient(m.parameters, m.prior, m.temperature, ll, /*retain_graph=*/false, scale, theta, g);
}

void WeightPotential::split_batch_gradients(const double* theta, double* g_first, double* g_second) const {
  const Impl& m = *impl_;
  const int64_t n = m.schedule.batch_size();
  if (n < 2) throw std::logic_error("weight potential: a minibatch of 1 cannot be split in two halves");
  std::lock_guard<std::mutex> lock(m.mutex);
  torch::AutoGradMode grad_mode(true);
  const at::Tensor ll = m.batch_log_likelihood(theta);
  const int64_t half = n / 2;
  const at::Tensor first = ll.slice(0, 0, half).sum(), second = ll.slice(0, half, n).sum();
  const double scale = -m.n_data() / m.temperature;
  const double h1 = static_cast<double>(half), h2 = static_cast<double>(n - half);
  write_gradient(m.parameters, m.prior, m.temperature, first, /*retain_graph=*/true, scale / h1, theta, g_first);
  write_gradient(m.parameters, m.prior, m.temperature, second, /*retain_graph=*/false, scale / h2, theta, g_second);
}

void WeightPotential::refresh(Rng& rng) const {
  const Impl& m = *impl_;
  if (m.schedule.full_batch()) return;
  std::lock_guard<std::mutex> lock(m.mutex);
  m.schedule.next(rng);
  m.select_batch();
}

EnergyDifference WeightPotential::estimate_difference(const double* theta_from, const double* theta_to) const {
  const Impl& m = *impl_;
  const int64_t n = m.schedule.batch_size();
  if (!m.schedule.full_batch() && n < 2)
    throw std::logic_error("weight potential: a minibatch of 1 gives no variance of the energy difference");
  std::lock_guard<std::mutex> lock(m.mutex);
  torch::NoGradGuard no_grad;
  const at::Tensor from = m.batch_log_likelihood(theta_from).to(torch::kDouble);
  const at::Tensor to = m.batch_log_likelihood(theta_to).to(torch::kDouble);
  const at::Tensor d = to - from;  // d_i = log p(y_i | to) - log p(y_i | from)
  const double mean_d = d.mean().item<double>();
  const double big_n = m.n_data(), t = m.temperature;
  EnergyDifference out;
  out.delta = (m.prior.neg_log_density(theta_to) - m.prior.neg_log_density(theta_from) - big_n * mean_d) / t;
  if (!m.schedule.full_batch()) {
    const double s2 = d.var(/*unbiased=*/true).item<double>();
    out.variance = big_n * big_n / m.n_batch() * (1.0 - m.n_batch() / big_n) * s2 / (t * t);
  }
  return out;
}

double WeightPotential::log_likelihood(const double* theta) const {
  const Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  torch::NoGradGuard no_grad;
  m.write(theta);
  return m.likelihood->log_likelihood(m.network.forward(m.inputs), m.targets).sum().item<double>();
}

void WeightPotential::save(io::Checkpoint& ck, const std::string& prefix) const {
  const MinibatchSchedule::State st = impl_->schedule.state();
  ck.put_int64s(prefix + ".permutation", st.permutation);
  ck.put_int64s(prefix + ".position", {st.position, st.started ? 1 : 0});
}

void WeightPotential::restore(const io::Checkpoint& ck, const std::string& prefix) {
  const Impl& m = *impl_;
  MinibatchSchedule::State st;
  st.permutation = ck.get_int64s(prefix + ".permutation");
  const auto pos = ck.get_int64s(prefix + ".position");
  if (pos.size() != 2)
    throw std::invalid_argument("weight potential: checkpoint entry " + prefix + ".position is malformed");
  st.position = pos[0];
  st.started = pos[1] != 0;
  std::lock_guard<std::mutex> lock(m.mutex);
  m.schedule.restore(st);
  m.select_batch();
}

}  // namespace bbg::bayes
