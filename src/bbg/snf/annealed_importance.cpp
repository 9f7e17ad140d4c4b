#include "bbg/snf/annealed_importance.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/sample/model_sampler.hpp"
#include "bbg/snf/anneal_base.hpp"
#include "bbg/snf/interpolated_action.hpp"
#include "bbg/targets/observable_columns.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {
namespace {

void require_positive(const char* key, int64_t v) {
  if (v < 1) throw ConfigError(key, std::to_string(v), "must be >= 1");
}

std::string shape_string(const std::vector<int64_t>& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "x" : "") + std::to_string(s[i]);
  return out;
}

}  // namespace

void AisSettings::validate() const {
  require_positive("ais.samples", samples);
  require_positive("ais.batch", batch);
  require_positive("ais.bins", bins);
  require_positive("ais.leapfrog_steps", move.leapfrog_steps);
  if (steps_per_stage < 0) throw ConfigError("ais.steps_per_stage", std::to_string(steps_per_stage), "must be >= 0");
  if (keep < 0) throw ConfigError("ais.keep", std::to_string(keep), "must be >= 0");
  if (!(move.step_size > 0.0) || !std::isfinite(move.step_size))
    throw ConfigError("ais.step_size", std::to_string(move.step_size), "must be finite and > 0");
}

AisResult run_ais(AnnealBase& base, const Target& target, const AisSettings& s) {
  s.validate();
  if (target.discrete()) throw std::invalid_argument("run_ais: target " + target.describe() + " is discrete");
  if (base.event_shape() != target.event_shape())
    throw std::invalid_argument("run_ais: base shape " + shape_string(base.event_shape()) + " differs from target " +
                                shape_string(target.event_shape()));
  at::NoGradGuard no_grad;
  const auto start = std::chrono::steady_clock::now();
  const AnnealSchedule& b = s.schedule;
  const int64_t stages = b.stages();
  std::vector<std::string> names;
  for (const auto& p : target.primaries()) names.push_back(p.name);
  ImportanceAccumulator nis(names, s.bins);
  std::vector<int64_t> accepted(static_cast<size_t>(stages), 0);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  AisResult r;
  for (int64_t done = 0; done < s.samples;) {
    const int64_t n = std::min(s.batch, s.samples - done);
    auto [x, base_action] = base.sample(n, gen);
    AnnealState state{x, base_action, target.action(x)};
    at::Tensor lw = at::zeros({n}, x.options());
    for (int64_t k = 1; k <= stages; ++k) {
      // Switch S_{b_{k-1}} -> S_{b_k} at fixed x_{k-1}: the work of stage k.
      lw = lw - (b[k] - b[k - 1]) * (state.target_action - state.base_action);
      // (SNF hook: a flow layer f_k would act here on state.x and add its
      // log|det| - S_{b_k}(f_k(x)) + S_{b_k}(x) to lw.)
      const InterpolatedAction s_k(base, target, b[k]);
      for (int64_t t = 0; t < s.steps_per_stage; ++t)
        accepted[static_cast<size_t>(k - 1)] += tensor_hmc_step(s_k, state, s.move, gen);
    }
    lw = (lw + base.log_z()).contiguous();
    const ObservableColumns columns(target.measure(state.x));
    const std::vector<const double*>& ptrs = columns.pointers;
    nis.add(lw.data_ptr<double>(), ptrs, n);
    const int64_t keep = std::min<int64_t>(n, s.keep - static_cast<int64_t>(r.log_weights.size()));
    for (int64_t i = 0; i < keep; ++i) r.log_weights.push_back(lw.data_ptr<double>()[i]);
    done += n;
    if (interrupt_requested()) throw Interrupted("interrupted during annealed importance sampling; no result");
  }
  const double transitions = static_cast<double>(s.samples) * static_cast<double>(s.steps_per_stage);
  for (int64_t a : accepted)
    r.acceptance.push_back(s.steps_per_stage > 0 ? static_cast<double>(a) / transitions
                                                 : std::numeric_limits<double>::quiet_NaN());
  r.nis = nis.result(derived_specs(target), target.event_size());
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace bbg
