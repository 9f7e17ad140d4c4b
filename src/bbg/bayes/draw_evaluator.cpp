#include "bbg/bayes/draw_evaluator.hpp"

#include <torch/torch.h>

#include <stdexcept>

#include "bbg/bayes/gaussian_prior.hpp"
#include "bbg/bayes/likelihood.hpp"
#include "bbg/bayes/parameter_layout.hpp"

namespace bbg::bayes {

struct DrawEvaluator::Impl {
  mutable torch::nn::AnyModule network;
  at::Tensor train_x, train_y, held_x, held_y;
  std::shared_ptr<const Likelihood> likelihood;
  GaussianPrior prior;
  int64_t held = 0, outputs = 0;
};

DrawEvaluator::DrawEvaluator(const torch::nn::AnyModule& network, const at::Tensor& train_inputs,
                             const at::Tensor& train_targets, const at::Tensor& held_inputs,
                             const at::Tensor& held_targets, std::shared_ptr<const Likelihood> likelihood,
                             const GaussianPrior& prior)
    : impl_(new Impl{network, {}, {}, {}, {}, std::move(likelihood), prior}) {
  Impl& m = *impl_;
  if (!m.likelihood) throw std::invalid_argument("draw evaluator: no likelihood");
  const auto dtype = network.ptr()->parameters().front().scalar_type();
  m.train_x = train_inputs.detach().to(dtype).contiguous();
  m.train_y = train_targets.detach().to(dtype).contiguous();
  m.held_x = held_inputs.detach().to(dtype).contiguous();
  m.held_y = held_targets.detach().to(dtype).contiguous();
  m.held = m.held_x.dim() > 0 ? m.held_x.size(0) : 0;
  // The number of predicted components from one forward pass on a training row.
  torch::NoGradGuard no_grad;
  at::Tensor mean, variance;
  m.likelihood->predictive(m.network.forward(m.train_x.narrow(0, 0, 1)), &mean, &variance);
  m.outputs = mean.numel();
}

DrawEvaluator::~DrawEvaluator() = default;

int64_t DrawEvaluator::held_out_points() const { return impl_->held; }
int64_t DrawEvaluator::outputs() const { return impl_->outputs; }
int64_t DrawEvaluator::record_size() const { return 2 + 2 * impl_->held * impl_->outputs + impl_->held; }
int64_t DrawEvaluator::variance_offset() const { return 2 + impl_->held * impl_->outputs; }
int64_t DrawEvaluator::held_out_log_likelihood_offset() const { return 2 + 2 * impl_->held * impl_->outputs; }

void DrawEvaluator::evaluate(const double* theta, double* record) const {
  const Impl& m = *impl_;
  torch::NoGradGuard no_grad;
  write_parameters(*m.network.ptr(), theta);
  const double ll = m.likelihood->log_likelihood(m.network.forward(m.train_x), m.train_y).sum().item<double>();
  record[kLogLikelihood] = ll;
  record[kLogPosterior] = ll - m.prior.neg_log_density(theta);
  if (m.held == 0) return;
  const at::Tensor out = m.network.forward(m.held_x);
  at::Tensor mean, variance;
  m.likelihood->predictive(out, &mean, &variance);
  const at::Tensor mu = mean.to(torch::kDouble).contiguous().reshape({-1});
  const at::Tensor var = variance.to(torch::kDouble).contiguous().reshape({-1});
  const at::Tensor hl = m.likelihood->log_likelihood(out, m.held_y).to(torch::kDouble).contiguous();
  const int64_t hk = m.held * m.outputs;
  if (mu.numel() != hk || var.numel() != hk || hl.numel() != m.held)
    throw std::logic_error("draw evaluator: predictive moments of an unexpected shape");
  std::copy(mu.data_ptr<double>(), mu.data_ptr<double>() + hk, record + mean_offset());
  std::copy(var.data_ptr<double>(), var.data_ptr<double>() + hk, record + variance_offset());
  std::copy(hl.data_ptr<double>(), hl.data_ptr<double>() + m.held, record + held_out_log_likelihood_offset());
}

}  // namespace bbg::bayes
