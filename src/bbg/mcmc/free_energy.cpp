#include "bbg/mcmc/free_energy.hpp"

#include <ATen/ATen.h>

#include <chrono>
#include <cmath>
#include <numeric>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/estimate/gamma_method.hpp"
#include "bbg/exact/single_site.hpp"
#include "bbg/targets/phi4.hpp"

namespace bbg {

FreeEnergySettings FreeEnergySettings::from_config(const ConfigSection& s, const HmcSettings& main) {
  FreeEnergySettings f;
  f.hmc = main;
  f.hmc.chains = 4;
  f.hmc.warmup = 200;
  f.hmc.samples = 1000;
  f.enabled = s.get_bool("enabled", f.enabled);
  f.steps = s.get_int("steps", f.steps);
  f.hmc.chains = s.get_int("chains", f.hmc.chains);
  f.hmc.warmup = s.get_int("warmup", f.hmc.warmup);
  f.hmc.samples = s.get_int("samples", f.hmc.samples);
  auto check = [&](const std::string& key, int64_t v, int64_t min) {
    if (v < min) throw ConfigError(s.path(key), std::to_string(v), "must be >= " + std::to_string(min));
  };
  check("steps", f.steps, 1);
  check("chains", f.hmc.chains, 1);
  check("warmup", f.hmc.warmup, 0);
  check("samples", f.hmc.samples, 10);
  return f;
}

FreeEnergyResult integrate_free_energy(const Phi4Target& target, const FreeEnergySettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t k_steps = settings.steps;
  const auto& shape = target.lattice().shape();
  FreeEnergyResult result;
  result.log_z_start =
      static_cast<double>(target.lattice().volume()) * exact::single_site_moments(target.lambda()).log_z1;
  for (int64_t i = 0; i <= k_steps; ++i) result.kappas.push_back(target.kappa() * i / k_steps);

  double total = result.log_z_start, variance = 0.0;
  // one progress line over the kappa points; the HMC runs at each point stay silent
  Progress progress("kappa integration", k_steps + 1, "kappa points");
  for (int64_t i = 0; i <= k_steps; ++i) {
    const double forward = i < k_steps ? result.kappas[i + 1] - result.kappas[i] : 0.0;
    const double backward = i > 0 ? result.kappas[i] - result.kappas[i - 1] : 0.0;
    Phi4Target point(shape, result.kappas[i], target.lambda());
    HmcSettings hmc = settings.hmc;
    hmc.seed = settings.hmc.seed + 7919 * static_cast<uint64_t>(i + 1);
    hmc.progress = false;
    // hopping[c][t]: H of each stored configuration, filled from the configuration stream.
    std::vector<std::vector<double>> hopping(hmc.chains, std::vector<double>(hmc.samples));
    auto sink = [&](int64_t first, int64_t count, const std::vector<double>& data) {
      std::vector<int64_t> batch = {hmc.chains * count};
      batch.insert(batch.end(), shape.begin(), shape.end());
      at::Tensor h = phi4_hopping_term(at::from_blob(const_cast<double*>(data.data()), batch, at::kDouble)).contiguous();
      const double* hp = h.data_ptr<double>();
      for (int64_t c = 0; c < hmc.chains; ++c)
        std::copy(hp + c * count, hp + (c + 1) * count, hopping[c].begin() + first);
    };
    HmcResult run = run_hmc(point, hmc, sink);
    result.leapfrog_steps += run.diagnostics.leapfrog_steps;

    // exp(-forward H / 2) and exp(+backward H / 2), each shifted by its mean exponent
    // so the primaries stay O(1); the shifts are added back to the logarithms.
    double mean_h = 0.0;
    for (const auto& c : hopping) mean_h += std::accumulate(c.begin(), c.end(), 0.0);
    mean_h /= static_cast<double>(hmc.chains * hmc.samples);
    const double shift_a = -0.5 * forward * mean_h, shift_b = 0.5 * backward * mean_h;
    std::vector<std::vector<std::vector<double>>> primaries(2, hopping);
    for (int64_t c = 0; c < hmc.chains; ++c)
      for (int64_t t = 0; t < hmc.samples; ++t) {
        const double h = hopping[c][t];
        primaries[0][c][t] = std::exp(-0.5 * forward * h - shift_a);
        primaries[1][c][t] = std::exp(0.5 * backward * h - shift_b);
      }
    const GammaResult g = gamma_method_derived(
        primaries, [](const std::vector<double>& m) { return std::log(m[0]) - std::log(m[1]); });
    const double contribution = shift_a - shift_b + g.value;
    result.contributions.push_back(contribution);
    result.errors.push_back(g.error);
    total += contribution;
    variance += g.error * g.error;
    progress.update(i + 1);
  }
  progress.finish();
  result.log_z = total;
  result.error = std::sqrt(variance);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace bbg
