#include "bbg/bayes/posterior_kernels.hpp"

#include <cmath>
#include <stdexcept>

#include "bbg/bayes/posterior_settings.hpp"
#include "bbg/sampler/baoab_chain_kernel.hpp"
#include "bbg/sampler/chain_kernel.hpp"
#include "bbg/sampler/hmc_chain_kernel.hpp"
#include "bbg/sampler/mala_kernel.hpp"
#include "bbg/sampler/metric.hpp"
#include "bbg/sampler/nuts_kernel.hpp"
#include "bbg/sampler/penalty.hpp"
#include "bbg/sampler/penalty_langevin_kernel.hpp"
#include "bbg/sampler/penalty_metropolis_kernel.hpp"
#include "bbg/sampler/potential.hpp"
#include "bbg/sampler/psgld_kernel.hpp"
#include "bbg/sampler/random_walk_kernel.hpp"
#include "bbg/sampler/sghmc_kernel.hpp"
#include "bbg/sampler/sgld_chain_kernel.hpp"
#include "bbg/sampler/step_schedule.hpp"

namespace bbg::bayes {

namespace {

// The [bayes] schedule with `step` as its constant / initial / peak step. A cyclical
// schedule spans the run's warm-up and sampling steps in `cycles` cycles: only the
// sampling stages (a fraction 1 - exploration) count as transitions.
StepSchedule schedule_of(const PosteriorSettings& s, double step) {
  StepSchedule k;
  k.kind = s.schedule;
  k.a = step;
  k.b = s.decay_b;
  k.gamma = s.schedule == "polynomial" ? s.decay_gamma : 0.0;
  k.eps0 = step;
  k.cycles = s.cycles;
  k.exploration = s.exploration;
  const double transitions = static_cast<double>(s.warmup + s.samples * s.thin);
  k.total_steps = static_cast<int64_t>(std::ceil(transitions / (1.0 - s.exploration)));
  return k;
}

}  // namespace

std::unique_ptr<ChainKernel> make_posterior_kernel(const std::string& sampler, const PosteriorSettings& s,
                                                   const Potential& potential, std::vector<double> q, Rng& rng) {
  if (sampler == "hmc") {
    HmcChainKernelSettings k;
    k.path.step_size = s.hmc_step_size;
    k.path.trajectory_length = s.hmc_trajectory_length;
    k.adapt_diagonal_metric = s.adapt_mass;
    return std::make_unique<HmcChainKernel>(potential, std::move(q), k);
  }
  if (sampler == "nuts") {
    NutsSettings k;
    k.step_size = s.nuts_step_size;
    k.max_depth = s.nuts_max_depth;
    k.adapt_diagonal_metric = s.adapt_mass;
    return std::make_unique<NutsKernel>(potential, std::move(q), k);
  }
  if (sampler == "mala") {
    MalaSettings k;
    k.step_size = s.mala_step_size;
    k.adapt_diagonal_metric = s.adapt_mass;
    return std::make_unique<MalaKernel>(potential, std::move(q), k);
  }
  if (sampler == "rwm") {
    RandomWalkSettings k;
    k.scale = s.rwm_scale;
    k.adapt_diagonal_metric = s.adapt_mass;
    return std::make_unique<RandomWalkKernel>(potential, std::move(q), k);
  }
  if (sampler == "penalty" || sampler == "penalty_langevin") {
    PenaltySettings k;
    k.step_size = sampler == "penalty" ? s.penalty_scale : s.penalty_langevin_step_size;
    k.minibatches = s.penalty_minibatches;
    k.penalty = s.penalty_correction;
    if (sampler == "penalty") return std::make_unique<PenaltyMetropolisKernel>(potential, k, std::move(q));
    return std::make_unique<PenaltyLangevinKernel>(potential, k, std::move(q));
  }
  if (sampler == "sgld")
    return std::make_unique<SgldChainKernel>(potential, schedule_of(s, s.sgld_step_size), std::move(q));
  if (sampler == "psgld") {
    PsgldSettings k;
    k.alpha = s.psgld_alpha;
    k.lambda = s.psgld_lambda;
    return std::make_unique<PsgldKernel>(potential, schedule_of(s, s.psgld_step_size), k, std::move(q));
  }
  if (sampler == "sghmc") {
    SghmcSettings k;
    k.friction = s.sghmc_friction;
    k.noise_estimate = s.sghmc_noise_estimate;
    return std::make_unique<SghmcKernel>(potential, schedule_of(s, s.sghmc_learning_rate), k, std::move(q));
  }
  if (sampler == "baoab") {
    LangevinSettings k;
    k.step_size = s.baoab_step_size;
    k.friction = s.baoab_friction;
    const UnitMetric unit(potential.size());
    return std::make_unique<BaoabChainKernel>(potential, unit, k, std::move(q), rng);
  }
  throw std::invalid_argument("no kernel for the posterior sampler \"" + sampler + "\"");
}

}  // namespace bbg::bayes
