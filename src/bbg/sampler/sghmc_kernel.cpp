#include "bbg/sampler/sghmc_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/split_batch_gradient.hpp"

namespace bbg {

SghmcKernel::SghmcKernel(const Potential& potential, const StepSchedule& schedule, const SghmcSettings& settings,
                         std::vector<double> q0)
    : ScheduledSgKernel(potential, schedule, std::move(q0), "SGHMC"),
      settings_(settings),
      v_(q_.size(), 0.0),
      v_hat_(q_.size(), 0.0),
      gradient_(q_.size()) {
  if (!(settings.friction > 0.0 && settings.friction <= 1.0))
    throw std::invalid_argument("SGHMC: friction = " + std::to_string(settings.friction) + " is not in (0, 1]");
  if (settings.noise_estimate == "split_batch") {
    split_ = dynamic_cast<const SplitBatchGradient*>(&potential);
    if (!split_)
      throw std::invalid_argument("SGHMC: noise_estimate = split_batch needs a potential with split-batch gradients");
    first_.resize(q_.size());
    second_.resize(q_.size());
  } else if (settings.noise_estimate != "none") {
    throw std::invalid_argument("SGHMC: noise_estimate '" + settings.noise_estimate +
                                "' is not one of none, split_batch");
  }
}

int64_t SghmcKernel::update(Rng& rng, double eta, bool noise) {
  potential_.refresh(rng);
  const size_t d = q_.size();
  if (split_) {
    split_->split_batch_gradients(q_.data(), first_.data(), second_.data());
    ++estimates_;
    const double w = 1.0 / static_cast<double>(estimates_);
    for (size_t i = 0; i < d; ++i) {
      gradient_[i] = 0.5 * (first_[i] + second_[i]);
      const double diff = first_[i] - second_[i];
      v_hat_[i] += w * (0.25 * diff * diff - v_hat_[i]);  // running mean of (g_1 - g_2)^2 / 4
    }
  } else {
    potential_.gradient(q_.data(), gradient_.data());
  }
  const double alpha = settings_.friction;
  for (size_t i = 0; i < d; ++i) {
    v_[i] += -eta * gradient_[i] - alpha * v_[i];
    if (noise) {
      const double beta_hat = std::min(alpha, 0.5 * eta * v_hat_[i]);
      v_[i] += std::sqrt(2.0 * (alpha - beta_hat) * eta) * rng.normal();
    }
    q_[i] += v_[i];
  }
  return 1;
}

std::vector<std::pair<std::string, double>> SghmcKernel::tuned() const {
  auto out = ScheduledSgKernel::tuned();
  const double eta = schedule_.step_size(k_);
  double mean = 0.0;
  for (double v : v_hat_) mean += std::min(settings_.friction, 0.5 * eta * v);
  out.emplace_back("mean_beta_hat", mean / static_cast<double>(v_hat_.size()));
  return out;
}

void SghmcKernel::save_extra(io::Checkpoint& ck, const std::string& prefix) const {
  ck.put_doubles(prefix + ".v", v_);
  ck.put_doubles(prefix + ".v_hat", v_hat_);
  ck.put_int64s(prefix + ".estimates", {estimates_});
}

void SghmcKernel::restore_extra(const io::Checkpoint& ck, const std::string& prefix) {
  v_ = checked_doubles(ck, prefix + ".v", v_.size());
  v_hat_ = checked_doubles(ck, prefix + ".v_hat", v_hat_.size());
  estimates_ = ck.get_int64s(prefix + ".estimates").at(0);
}

}  // namespace bbg
