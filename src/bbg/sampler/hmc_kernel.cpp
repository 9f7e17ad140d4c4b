#include "bbg/sampler/hmc_kernel.hpp"

#include <algorithm>
#include <cmath>

#include "bbg/core/rng.hpp"
#include "bbg/sampler/integrator.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

HmcKernel::HmcKernel(const Potential& potential, const Metric& metric, const SymplecticIntegrator& integrator,
                     const HmcPath& path)
    : potential_(potential),
      metric_(metric),
      integrator_(integrator),
      path_(path),
      p_(potential.size()),
      q_start_(potential.size()),
      scratch_(potential.size()) {
  set_step_size(path.step_size);
}

void HmcKernel::set_step_size(double eps) {
  eps_ = eps;
  steps_ = path_.steps > 0
               ? path_.steps
               : std::max<int64_t>(1, static_cast<int64_t>(std::ceil(path_.trajectory_length / eps - 1e-9)));
}

HmcState HmcKernel::init(std::vector<double> q) const {
  HmcState s;
  s.q = std::move(q);
  s.potential = potential_.value(s.q.data());
  return s;
}

StepInfo HmcKernel::step(HmcState& state, Rng& rng) {
  potential_.refresh(rng);
  metric_.sample_momentum(rng, p_.data());
  const double kinetic = metric_.kinetic(p_.data());
  std::copy(state.q.begin(), state.q.end(), q_start_.begin());
  integrator_.integrate(potential_, metric_, state.q.data(), p_.data(), eps_, steps_, scratch_.data());
  const double kinetic_end = metric_.kinetic(p_.data());
  const double potential_end = potential_.value(state.q.data());
  StepInfo info;
  info.energy_error = (potential_end + kinetic_end) - (state.potential + kinetic);
  info.acceptance_statistic = std::isfinite(info.energy_error) ? std::min(1.0, std::exp(-info.energy_error)) : 0.0;
  info.gradient_evaluations = integrator_.gradient_evaluations(steps_);
  info.accepted = rng.uniform() < info.acceptance_statistic;
  info.moves_proposed = 1;
  info.moves_accepted = info.accepted ? 1 : 0;
  if (info.accepted) {
    state.potential = potential_end;
  } else {
    std::copy(q_start_.begin(), q_start_.end(), state.q.begin());
  }
  return info;
}

}  // namespace bbg
