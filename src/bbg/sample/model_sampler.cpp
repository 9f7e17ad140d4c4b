#include "bbg/sample/model_sampler.hpp"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/models/density.hpp"
#include "bbg/targets/observable_columns.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

std::vector<DerivedSpec> derived_specs(const Target& target) {
  std::vector<DerivedSpec> out;
  for (const auto& d : target.derived()) out.push_back({d.name, d.inputs, d.f, d.description});
  return out;
}

ModelSampleResult sample_model(Density& model, const Target& target, const SampleSettings& s) {
  at::NoGradGuard no_grad;
  model.eval();
  std::vector<std::string> names;
  for (const auto& p : target.primaries()) names.push_back(p.name);
  const auto m_index = std::find(names.begin(), names.end(), "m") - names.begin();
  ImportanceAccumulator nis(names, s.bins);
  ImportanceAccumulator plain(names, s.bins);  // all weights 1: <O>_q
  std::vector<double> zeros;
  IndependenceMetropolis nmcmc(names);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  Rng accept_rng(s.seed, 0x4E4D434D43ULL);  // stream for the Metropolis tests
  ModelSampleResult r;
  Progress progress("sample q", s.samples, "samples");
  const auto start = std::chrono::steady_clock::now();
  for (int64_t done = 0; done < s.samples;) {
    const int64_t n = std::min(s.batch, s.samples - done);
    auto [x, log_q] = model.sample(n, gen);
    const at::Tensor lw = (-target.action(x) - log_q).contiguous();
    const ObservableColumns columns(target.measure(x));
    const std::vector<const double*>& ptrs = columns.pointers;
    nis.add(lw.data_ptr<double>(), ptrs, n);
    zeros.assign(static_cast<size_t>(n), 0.0);
    plain.add(zeros.data(), ptrs, n);
    nmcmc.step(lw.data_ptr<double>(), ptrs, n, accept_rng);
    const int64_t keep = std::min<int64_t>(n, s.keep - static_cast<int64_t>(r.kept_log_weight.size()));
    for (int64_t i = 0; i < keep; ++i) {
      r.kept_log_weight.push_back(lw.data_ptr<double>()[i]);
      if (m_index < static_cast<int64_t>(ptrs.size())) r.kept_m.push_back(ptrs[m_index][i]);
    }
    done += n;
    progress.update(done);
    if (interrupt_requested()) throw Interrupted("interrupted while sampling the model; no result was written");
  }
  progress.finish();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto derived = derived_specs(target);
  r.nis = nis.result(derived, target.event_size());
  r.variational = plain.result(derived, target.event_size());
  r.nmcmc = nmcmc.result(derived);
  return r;
}

ReferenceComparison compare_with_reference(Density& model, const Target& target, const at::Tensor& chains,
                                           const Estimate& log_z_q) {
  at::NoGradGuard no_grad;
  ReferenceComparison r;
  std::vector<std::vector<double>> lw_chains;
  std::vector<double> all;
  for (int64_t c = 0; c < chains.size(0); ++c) {
    const at::Tensor x = chains[c];
    std::vector<double> lw;
    for (int64_t b = 0; b < x.size(0); b += 4096) {
      const at::Tensor xb = x.narrow(0, b, std::min<int64_t>(4096, x.size(0) - b));
      const at::Tensor l = (-target.action(xb) - model.log_prob(xb)).contiguous();
      lw.insert(lw.end(), l.data_ptr<double>(), l.data_ptr<double>() + l.numel());
    }
    all.insert(all.end(), lw.begin(), lw.end());
    lw_chains.push_back(std::move(lw));
  }
  r.reference_samples = static_cast<int64_t>(all.size());
  r.forward_ess_per_sample = forward_ess_per_sample(all);
  if (!all.empty()) {
    const double max_lw = *std::max_element(all.begin(), all.end());
    std::nth_element(all.begin(), all.begin() + all.size() / 2, all.end());
    r.log_weight_max_minus_median = max_lw - all[all.size() / 2];
  }
  r.mode_dropping = mode_dropping(log_z_q, lw_chains);
  return r;
}

}  // namespace bbg
