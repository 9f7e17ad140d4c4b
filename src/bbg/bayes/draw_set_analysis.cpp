#include "bbg/bayes/draw_set_analysis.hpp"

#include <chrono>
#include <stdexcept>

#include "bbg/models/density.hpp"
#include "bbg/models/mixture_density.hpp"

namespace bbg::bayes {

DrawEstimates estimate_draw(Density& model, const Target& target, const SampleSettings& ss, const at::Tensor& reference) {
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
  for (size_t k = 0; k < models.size(); ++k) {
    SampleSettings ss = per_draw;
    ss.seed = per_draw.seed + 7919 * (k + 1);
    ss.keep = 0;
    a.draws.push_back(estimate_draw(*models[k], target, ss, reference_chains));
  }
  MixtureDensity mixture(models);
  SampleSettings ss = per_draw;
  ss.seed = per_draw.seed + 104729;
  ss.keep = 0;
  a.mixture = estimate_draw(mixture, target, ss, reference_chains);
  return a;
}

}  // namespace bbg::bayes
