#include "bbg/sampler/warmup_tuner.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/metric.hpp"

namespace bbg {

WarmupTuner::WarmupTuner(const std::string& what, int64_t size, const WarmupTunerSettings& settings,
                         const Metric* metric)
    : size_(size), settings_(settings), step_(settings.step) {
  if (!(settings.step > 0.0) || !std::isfinite(settings.step))
    throw std::invalid_argument(what + ": step size " + std::to_string(settings.step) + " must be positive and finite");
  if (!(settings.target_acceptance > 0.0 && settings.target_acceptance < 1.0))
    throw std::invalid_argument(what + ": target acceptance " + std::to_string(settings.target_acceptance) +
                                " must be in (0, 1)");
  if (metric && metric->size() != size)
    throw std::invalid_argument(what + ": metric of size " + std::to_string(metric->size()) + " for a potential of size " +
                                std::to_string(size));
  metric_ = metric ? metric->clone() : std::make_unique<UnitMetric>(size);
  averaging_ = DualAveraging(step_, settings.target_acceptance);
}

WarmupTuner::~WarmupTuner() = default;

bool WarmupTuner::update(int64_t iteration, int64_t warmup, double acceptance_statistic, const double* q) {
  if (settings_.adapt_step) step_ = averaging_.update(acceptance_statistic);
  if (!settings_.adapt_diagonal_metric) return false;
  if (!windows_) {
    window_warmup_ = warmup;
    windows_.emplace(size_, WindowedAdaptationSettings{warmup});
  }
  if (!windows_->learn(q)) return false;
  metric_ = std::make_unique<DiagonalMetric>(windows_->inverse_mass());
  averaging_ = DualAveraging(step_, settings_.target_acceptance);
  return true;
}

void WarmupTuner::end_warmup() {
  if (settings_.adapt_step) step_ = averaging_.averaged_step();
}

double WarmupTuner::mean_inverse_mass() const {
  std::vector<double> e(size_, 0.0), v(size_);
  double sum = 0.0;
  for (int64_t i = 0; i < size_; ++i) {
    e[i] = 1.0;
    metric_->velocity(e.data(), v.data());
    sum += v[i];
    e[i] = 0.0;
  }
  return sum / static_cast<double>(size_);
}

void WarmupTuner::save(io::Checkpoint& ck, const std::string& prefix) const {
  const auto a = averaging_.state();
  ck.put_doubles(prefix + ".tuner", {step_, a.mu, a.delta, a.t, a.h_bar, a.log_step, a.log_step_bar});
  if (windows_) {
    ck.put_int64s(prefix + ".windows.warmup", {window_warmup_});
    ck.put_doubles(prefix + ".windows", windows_->state());
  }
  if (const auto* d = dynamic_cast<const DiagonalMetric*>(metric_.get()))
    ck.put_doubles(prefix + ".inverse_mass", d->inverse_mass());
}

void WarmupTuner::restore(const io::Checkpoint& ck, const std::string& prefix) {
  const auto n = ck.get_doubles(prefix + ".tuner");
  step_ = n.at(0);
  averaging_.restore({n.at(1), n.at(2), n.at(3), n.at(4), n.at(5), n.at(6)});
  windows_.reset();
  if (ck.has(prefix + ".windows")) {
    window_warmup_ = ck.get_int64s(prefix + ".windows.warmup").at(0);
    windows_.emplace(size_, WindowedAdaptationSettings{window_warmup_});
    windows_->restore(ck.get_doubles(prefix + ".windows"));
  }
  if (ck.has(prefix + ".inverse_mass")) metric_ = std::make_unique<DiagonalMetric>(ck.get_doubles(prefix + ".inverse_mass"));
}

}  // namespace bbg
