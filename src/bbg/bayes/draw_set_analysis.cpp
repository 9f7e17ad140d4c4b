#include "bbg/bayes/draw_set_analysis.hpp"

#include <ATen/ATen.h>

#include <chrono>
#include <stdexcept>

#include "bbg/models/density.hpp"
#include "bbg/models/mixture_density.hpp"

namespace bbg::bayes {

DrawEstimates estimate_draw(Density& model, const Target& target, const SampleSettings& ss,
                            const at::Tensor& reference) {
  const auto start = std::chrono::steady_clock::now();
  DrawEstimates e;
  e.sample = sample_model(model, target, ss);
  if (reference.defined() && reference.numel() > 0) {
    e.has_reference = true;
    e.reference = compare_with_reference(model, target, reference, e.sample.nis.log_z);
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return e;
}

DrawSetAnalysis analyse_draw_set(const std::vector<std::shared_ptr<Density>>& models, const Target& target,
                                 const SampleSettings& per_draw, const at::Tensor& reference_chains) {
  if (models.empty()) throw std::invalid_argument("analyse_draw_set: no models");
  DrawSetAnalysis a;
  std::vector<std::shared_ptr<Density>> usable;
  for (size_t k = 0; k < models.size(); ++k) {
    bool finite = true;
    for (const auto& p : models[k]->parameters()) finite = finite && at::isfinite(p).all().item<bool>();
    if (!finite) {
      a.failed.emplace_back(static_cast<int64_t>(k), "non-finite weights (the chain diverged)");
      continue;
    }
    SampleSettings ss = per_draw;
    ss.seed = per_draw.seed + 7919 * (k + 1);
    ss.keep = 0;
    try {
      a.draws.push_back(estimate_draw(*models[k], target, ss, reference_chains));
      usable.push_back(models[k]);
    } catch (const std::invalid_argument& e) {  // NaN / +inf log weights
      a.failed.emplace_back(static_cast<int64_t>(k), e.what());
    }
  }
  if (usable.empty()) return a;
  MixtureDensity mixture(usable);
  SampleSettings ss = per_draw;
  ss.seed = per_draw.seed + 104729;
  ss.keep = 0;
  a.mixture = estimate_draw(mixture, target, ss, reference_chains);
  a.has_mixture = true;
  return a;
}

}  // namespace bbg::bayes
