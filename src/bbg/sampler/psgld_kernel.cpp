#include "bbg/sampler/psgld_kernel.hpp"

#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/io/checkpoint.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

PsgldKernel::PsgldKernel(const Potential& potential, const StepSchedule& schedule, const PsgldSettings& settings,
                         std::vector<double> q0)
    : ScheduledSgKernel(potential, schedule, std::move(q0), "pSGLD"),
      settings_(settings),
      v_(q_.size(), 0.0),
      gradient_(q_.size()) {
  if (!(settings.alpha >= 0.0 && settings.alpha < 1.0))
    throw std::invalid_argument("pSGLD: alpha = " + std::to_string(settings.alpha) + " is not in [0, 1)");
  if (!(settings.lambda > 0.0))
    throw std::invalid_argument("pSGLD: lambda = " + std::to_string(settings.lambda) + " must be > 0");
}

int64_t PsgldKernel::update(Rng& rng, double eps, bool noise) {
  potential_.refresh(rng);
  potential_.gradient(q_.data(), gradient_.data());
  const double a = settings_.alpha;
  for (size_t i = 0; i < q_.size(); ++i) {
    const double g = gradient_[i];
    v_[i] = a * v_[i] + (1.0 - a) * g * g;
    const double precond = 1.0 / (settings_.lambda + std::sqrt(v_[i]));
    q_[i] -= 0.5 * eps * precond * g;
    if (noise) q_[i] += std::sqrt(eps * precond) * rng.normal();
  }
  return 1;
}

std::vector<std::pair<std::string, double>> PsgldKernel::tuned() const {
  auto out = ScheduledSgKernel::tuned();
  double mean = 0.0;
  for (double v : v_) mean += 1.0 / (settings_.lambda + std::sqrt(v));
  out.emplace_back("mean_preconditioner", mean / static_cast<double>(v_.size()));
  return out;
}

void PsgldKernel::save_extra(io::Checkpoint& ck, const std::string& prefix) const { ck.put_doubles(prefix + ".v", v_); }
void PsgldKernel::restore_extra(const io::Checkpoint& ck, const std::string& prefix) {
  v_ = checked_doubles(ck, prefix + ".v", v_.size());
}

}  // namespace bbg
