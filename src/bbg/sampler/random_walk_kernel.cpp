#include "bbg/sampler/random_walk_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/warmup_tuner.hpp"

namespace bbg {

RandomWalkKernel::RandomWalkKernel(const Potential& potential, std::vector<double> q,
                                   const RandomWalkSettings& settings)
    : potential_(potential), q_(std::move(q)) {
  const int64_t n = potential.size();
  if (static_cast<int64_t>(q_.size()) != n)
    throw std::invalid_argument("random walk: initial position of size " + std::to_string(q_.size()) +
                                " for a potential of size " + std::to_string(n));
  WarmupTunerSettings t;
  t.step = settings.scale;
  t.adapt_step = settings.adapt_scale;
  t.target_acceptance = settings.target_acceptance;
  t.adapt_diagonal_metric = settings.adapt_diagonal_metric;
  tuner_ = std::make_unique<WarmupTuner>("random walk", n, t, settings.metric.get());
  p_.resize(n);
  q_new_.resize(n);
  scratch_.resize(n);
  potential_value_ = potential.value(q_.data());
}

RandomWalkKernel::~RandomWalkKernel() = default;

double RandomWalkKernel::scale() const { return tuner_->step(); }
const Metric& RandomWalkKernel::metric() const { return tuner_->metric(); }

StepInfo RandomWalkKernel::step(Rng& rng) {
  potential_.refresh(rng);
  const Metric& metric = tuner_->metric();
  metric.sample_momentum(rng, p_.data());
  std::copy(q_.begin(), q_.end(), q_new_.begin());
  metric.drift(q_new_.data(), p_.data(), tuner_->step(), scratch_.data());
  const double u_new = potential_.value(q_new_.data());
  StepInfo info;
  info.energy_error = u_new - potential_value_;
  info.acceptance_statistic = std::isfinite(info.energy_error) ? std::min(1.0, std::exp(-info.energy_error)) : 0.0;
  info.accepted = rng.uniform() < info.acceptance_statistic;
  info.value_evaluations = 1;
  info.moves_proposed = 1;
  info.moves_accepted = info.accepted ? 1 : 0;
  if (info.accepted) {
    q_.swap(q_new_);
    potential_value_ = u_new;
  }
  return info;
}

StepInfo RandomWalkKernel::warmup_step(Rng& rng, int64_t iteration, int64_t warmup) {
  const StepInfo info = step(rng);
  tuner_->update(iteration, warmup, info.acceptance_statistic, q_.data());
  return info;
}

void RandomWalkKernel::end_warmup() { tuner_->end_warmup(); }

std::vector<std::pair<std::string, double>> RandomWalkKernel::tuned() const {
  return {{"scale", tuner_->step()}, {"mean_inverse_mass", tuner_->mean_inverse_mass()}};
}

void RandomWalkKernel::save(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".q", q_);
  ck.put_doubles(prefix + ".potential", {potential_value_});
  tuner_->save(ck, prefix);
}

void RandomWalkKernel::restore(const io::Checkpoint& ck, const std::string& prefix) {
  std::vector<double> q = ck.get_doubles(prefix + ".q");
  if (q.size() != q_.size())
    throw std::invalid_argument("random walk: checkpoint position " + prefix + ".q has the wrong size");
  q_ = std::move(q);
  potential_value_ = ck.get_doubles(prefix + ".potential").at(0);
  tuner_->restore(ck, prefix);
}

}  // namespace bbg
