// Running any ChainKernel through KernelChains + run_chains in the tests, and the
// effective sample size per gradient evaluation used to compare samplers.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bbg/estimate/gamma_method.hpp"
#include "bbg/sampler/chain_driver.hpp"
#include "bbg/sampler/kernel_chains.hpp"

namespace bbg::sampler_test {

using Draws = std::vector<std::vector<std::vector<double>>>;  // [chain][draw][i]
// Builds a kernel at the initial position q.
using MakeKernel = std::function<std::unique_ptr<ChainKernel>(std::vector<double> q)>;

struct KernelRun {
  Draws draws;
  std::vector<std::vector<std::pair<std::string, double>>> tuned;  // per chain, after the run
  int64_t transitions = 0, accepted = 0, gradient_evaluations = 0, value_evaluations = 0;
  double mean_acceptance_statistic = 0.0;
  double tuned_mean(const std::string& key) const {  // the chains' mean of a tuned() entry
    double s = 0.0;
    for (const auto& t : tuned)
      for (const auto& [k, v] : t)
        if (k == key) s += v;
    return s / static_cast<double>(tuned.size());
  }
};

// Chains start at q_i = start_i + start_scale * normal() from their own streams;
// `inspect` (if set) sees each chain's kernel after the run.
inline KernelRun run_kernel(const MakeKernel& make, std::vector<double> start, double start_scale, int64_t chains,
                            int64_t warmup, int64_t samples, uint64_t seed,
                            const std::function<void(const ChainKernel&)>& inspect = {}) {
  const size_t n = start.size();
  KernelChains set(chains, warmup, seed, [&](int64_t, Rng& rng) {
    std::vector<double> q(start);
    for (auto& x : q) x += start_scale * rng.normal();
    return ChainParts{nullptr, make(std::move(q))};
  });
  DriverSettings d;
  d.warmup = warmup;
  d.samples = samples;
  d.progress = false;
  KernelRun run;
  run.draws.resize(chains);
  run_chains(set, d, [&](int64_t, int64_t count, const std::vector<double>& data) {
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t k = 0; k < count; ++k) {
        const double* x = data.data() + (c * count + k) * static_cast<int64_t>(n);
        run.draws[c].emplace_back(x, x + n);
      }
  });
  double acceptance = 0.0;
  for (int64_t c = 0; c < chains; ++c) {
    const ChainCounters& k = set.chain(c).counters;
    run.transitions += k.transitions, run.accepted += k.accepted;
    run.gradient_evaluations += k.gradient_evaluations, run.value_evaluations += k.value_evaluations;
    acceptance += k.acceptance_statistic_sum;
    run.tuned.push_back(set.chain(c).parts.kernel->tuned());
    if (inspect) inspect(*set.chain(c).parts.kernel);
  }
  run.mean_acceptance_statistic = acceptance / static_cast<double>(run.transitions);
  return run;
}

// min over coordinates i of N / (2 tau_int(q_i)), N all draws of all chains.
inline double min_effective_sample_size(const Draws& draws) {
  double best = 1e300;
  for (size_t i = 0; i < draws.at(0).at(0).size(); ++i) {
    std::vector<std::vector<double>> s(draws.size());
    for (size_t c = 0; c < draws.size(); ++c)
      for (const auto& q : draws[c]) s[c].push_back(q[i]);
    const GammaResult g = gamma_method(s);
    best = std::min(best, static_cast<double>(g.n) / (2.0 * g.tau_int));
  }
  return best;
}

}  // namespace bbg::sampler_test
