#include "bbg/bayes/sgld_kernel.hpp"

#include <cmath>
#include <stdexcept>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg::bayes {

void SgldSchedule::validate() const {
  if (!(a > 0.0) || !(b > 0.0) || !(gamma >= 0.0 && gamma <= 1.0))
    throw std::invalid_argument("SGLD: the step eps_t = a (b + t)^-gamma needs a > 0, b > 0, 0 <= gamma <= 1");
}

double SgldSchedule::step_size(int64_t t) const { return a * std::pow(b + static_cast<double>(t), -gamma); }

SgldKernel::SgldKernel(const Potential& potential, const Metric& metric, const SgldSchedule& schedule)
    : potential_(potential),
      metric_(metric),
      schedule_(schedule),
      gradient_(potential.size()),
      drift_(potential.size()),
      momentum_(potential.size()),
      noise_(potential.size()) {
  schedule_.validate();
  if (metric.size() != potential.size()) throw std::invalid_argument("SGLD: metric and potential sizes differ");
}

SgldState SgldKernel::init(std::vector<double> q) const {
  if (static_cast<int64_t>(q.size()) != potential_.size())
    throw std::invalid_argument("SGLD: initial state has the wrong size");
  SgldState s;
  s.q = std::move(q);
  return s;
}

StepInfo SgldKernel::step(SgldState& state, Rng& rng) {
  potential_.refresh(rng);
  const double eps = schedule_.step_size(state.t);
  const int64_t n = potential_.size();
  potential_.gradient(state.q.data(), gradient_.data());
  metric_.velocity(gradient_.data(), drift_.data());  // M^-1 dU/dq
  metric_.sample_momentum(rng, momentum_.data());      // p ~ N(0, M)
  metric_.velocity(momentum_.data(), noise_.data());   // M^-1 p ~ N(0, M^-1)
  const double root = std::sqrt(eps);
  for (int64_t i = 0; i < n; ++i) state.q[i] += -0.5 * eps * drift_[i] + root * noise_[i];
  ++state.t;
  StepInfo info;
  info.accepted = true;
  info.acceptance_statistic = 1.0;
  info.gradient_evaluations = 1;
  info.moves_proposed = info.moves_accepted = 1;
  return info;
}

}  // namespace bbg::bayes
