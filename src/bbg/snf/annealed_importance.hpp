// Annealed importance sampling (AIS), the core of a stochastic normalizing flow.
// x_0 ~ q_0 = exp(-S_0) / Z_0 (snf/anneal_base.hpp); for k = 1..K along the schedule
// 0 = b_0 < ... < b_K = 1 (snf/anneal_schedule.hpp) the weight takes the work of
// switching the action at fixed x, then n transitions reversible for exp(-S_{b_k})
// move x (snf/tensor_hmc.hpp):
//     log w = ln Z_0 - sum_{k=1}^K [S_{b_k}(x_{k-1}) - S_{b_{k-1}}(x_{k-1})]
//           = ln Z_0 - sum_{k=1}^K (b_k - b_{k-1}) [S(x_{k-1}) - S_0(x_{k-1})],
//     x_k = T_{b_k}^n(x_{k-1}),
// and E[w] = Z (Neal, Stat. Comput. 11 (2001) 125, eq. 5; Jarzynski, PRL 78 (1997)
// 2690: -log w is the work, E[exp(-W)] = exp(-dF)); (x_K, w) reweight to p. ln Z, its
// error, ESS and the reweighted observables come from the NIS estimator
// (estimate/importance.hpp) on these log weights; its f_q = mean(-log w) is the mean
// work, an upper bound on F. With K = 1 and n = 0, log w = -S(x) - log q_0(x): plain
// importance sampling from the base.
//
// Hook for the full SNF (Wu, Köhler, Noé, NeurIPS 2020; Caselle et al., JHEP 07 (2022)
// 015, arXiv:2201.08862): a deterministic flow layer y = f_k(x) at stage k would add
// log|det df_k/dx| - S_{b_k}(y) + S_{b_k}(x) to log w (the loop in run_ais marks the
// place); not built.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/estimate/importance.hpp"
#include "bbg/snf/anneal_schedule.hpp"
#include "bbg/snf/tensor_hmc.hpp"

namespace bbg {

class AnnealBase;
class Target;

struct AisSettings {
  int64_t samples = 1000;                                // N trajectories
  int64_t batch = 1000;                                  // trajectories moved together
  AnnealSchedule schedule = AnnealSchedule::linear(10);  // K stages
  int64_t steps_per_stage = 1;                           // n transitions at each b_k, k = 1..K
  TensorHmcMove move;                                    // step size, leapfrog steps (1 = MALA)
  uint64_t seed = 1;
  int64_t bins = 100;  // jackknife bins of the NIS estimator
  int64_t keep = 0;    // first log weights returned

  // Throws ConfigError naming the key (ais.samples, ais.batch, ais.steps_per_stage,
  // ais.step_size, ais.leapfrog_steps, ais.bins, ais.keep) and what is allowed.
  void validate() const;
};

struct AisResult {
  NisResult nis;                    // ln Z (with ln Z_0), F, ESS, mean work f_q, observables at b = 1
  std::vector<double> acceptance;   // [K]: mean acceptance of the transitions at b_k (NaN when n = 0)
  std::vector<double> log_weights;  // the first `keep`
  double seconds = 0.0;
};

// Throws ConfigError on bad settings and std::invalid_argument when the base's event
// shape differs from the target's or the target is discrete.
AisResult run_ais(AnnealBase& base, const Target& target, const AisSettings& settings);

}  // namespace bbg
