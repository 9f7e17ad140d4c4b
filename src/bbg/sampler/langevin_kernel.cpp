#include "bbg/sampler/langevin_kernel.hpp"

#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/potential.hpp"

namespace bbg {

LangevinKernel::LangevinKernel(const Potential& potential, const Metric& metric, const LangevinSettings& settings)
    : potential_(potential),
      metric_(metric),
      settings_(settings),
      splitting_(settings.splitting),
      scratch_(potential.size()),
      noise_(potential.size()) {}

LangevinState LangevinKernel::init(std::vector<double> q, Rng& rng) const {
  LangevinState s;
  s.q = std::move(q);
  s.p.resize(s.q.size());
  metric_.sample_momentum(rng, s.p.data());
  return s;
}

StepInfo LangevinKernel::step(LangevinState& state, Rng& rng) {
  potential_.refresh(rng);
  for (int64_t k = 0; k < settings_.steps; ++k)
    splitting_.step(potential_, metric_, state.q.data(), state.p.data(), settings_.step_size, settings_.friction, rng,
                    scratch_.data(), noise_.data());
  StepInfo info;
  info.accepted = true;
  info.acceptance_statistic = 1.0;
  info.gradient_evaluations = settings_.steps * splitting_.gradient_evaluations_per_step();
  info.moves_proposed = info.moves_accepted = 1;
  return info;
}

}  // namespace bbg
