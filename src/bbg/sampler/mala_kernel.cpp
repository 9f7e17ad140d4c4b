#include "bbg/sampler/mala_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/warmup_tuner.hpp"

namespace bbg {

MalaKernel::MalaKernel(const Potential& potential, std::vector<double> q, const MalaSettings& settings)
    : potential_(potential), q_(std::move(q)) {
  const int64_t n = potential.size();
  if (static_cast<int64_t>(q_.size()) != n)
    throw std::invalid_argument("MALA: initial position of size " + std::to_string(q_.size()) +
                                " for a potential of size " + std::to_string(n));
  WarmupTunerSettings t;
  t.step = settings.step_size;
  t.adapt_step = settings.adapt_step_size;
  t.target_acceptance = settings.target_acceptance;
  t.adapt_diagonal_metric = settings.adapt_diagonal_metric;
  tuner_ = std::make_unique<WarmupTuner>("MALA", n, t, settings.metric.get());
  gradient_.resize(n);
  p_.resize(n);
  q_new_.resize(n);
  gradient_new_.resize(n);
  scratch_.resize(n);
  potential_value_ = potential.value(q_.data());
  potential.gradient(q_.data(), gradient_.data());
}

MalaKernel::~MalaKernel() = default;

double MalaKernel::step_size() const { return tuner_->step(); }
const Metric& MalaKernel::metric() const { return tuner_->metric(); }

StepInfo MalaKernel::step(Rng& rng) {
  potential_.refresh(rng);
  const Metric& metric = tuner_->metric();
  const int64_t n = potential_.size();
  const double eps = std::sqrt(tuner_->step());
  metric.sample_momentum(rng, p_.data());
  const double kinetic = metric.kinetic(p_.data());
  for (int64_t i = 0; i < n; ++i) p_[i] -= 0.5 * eps * gradient_[i];
  std::copy(q_.begin(), q_.end(), q_new_.begin());
  metric.drift(q_new_.data(), p_.data(), eps, scratch_.data());
  potential_.gradient(q_new_.data(), gradient_new_.data());
  const double u_new = potential_.value(q_new_.data());
  for (int64_t i = 0; i < n; ++i) p_[i] -= 0.5 * eps * gradient_new_[i];
  StepInfo info;
  info.energy_error = (u_new + metric.kinetic(p_.data())) - (potential_value_ + kinetic);
  info.acceptance_statistic = std::isfinite(info.energy_error) ? std::min(1.0, std::exp(-info.energy_error)) : 0.0;
  info.accepted = rng.uniform() < info.acceptance_statistic;
  info.gradient_evaluations = 1;
  info.value_evaluations = 1;
  info.moves_proposed = 1;
  info.moves_accepted = info.accepted ? 1 : 0;
  if (info.accepted) {
    q_.swap(q_new_);
    gradient_.swap(gradient_new_);
    potential_value_ = u_new;
  }
  return info;
}

StepInfo MalaKernel::warmup_step(Rng& rng, int64_t iteration, int64_t warmup) {
  const StepInfo info = step(rng);
  tuner_->update(iteration, warmup, info.acceptance_statistic, q_.data());
  return info;
}

void MalaKernel::end_warmup() { tuner_->end_warmup(); }

std::vector<std::pair<std::string, double>> MalaKernel::tuned() const {
  return {{"step_size", tuner_->step()}, {"mean_inverse_mass", tuner_->mean_inverse_mass()}};
}

void MalaKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", q_);
  ck.put_doubles(prefix + ".gradient", gradient_);
  ck.put_doubles(prefix + ".potential", {potential_value_});
  tuner_->save(ck, prefix);
}

void MalaKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  std::vector<double> q = ck.get_doubles(prefix + ".q"), g = ck.get_doubles(prefix + ".gradient");
  if (q.size() != q_.size() || g.size() != q_.size())
    throw std::invalid_argument("MALA: checkpoint position " + prefix + ".q has the wrong size");
  q_ = std::move(q);
  gradient_ = std::move(g);
  potential_value_ = ck.get_doubles(prefix + ".potential").at(0);
  tuner_->restore(ck, prefix);
}

}  // namespace bbg
