#include "bbg/targets/falicov_kimball.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <limits>

#include "bbg/core/config.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/exact/falicov_kimball_enumeration.hpp"
#include "bbg/targets/shape_check.hpp"

namespace bbg {
namespace {

// Per-thread scratch of one eigenproblem.
struct Scratch {
  std::vector<double> eps, h;
  exact::EigenWorkspace workspace;
};

Scratch& scratch_for(int64_t n) {
  thread_local Scratch s;
  s.eps.resize(n);
  s.h.resize(n * n);
  return s;
}

bool in_sector(const double* s, int64_t n, std::optional<int64_t> particles) {
  if (!particles) return true;
  int64_t occupied = 0;
  for (int64_t i = 0; i < n; ++i) occupied += s[i] > 0;
  return occupied == *particles;
}

// The fermion thermodynamics of every configuration of a batch [B, N] (contiguous double).
std::vector<exact::FermionThermodynamics> batch_thermodynamics(const exact::FalicovKimballModel& model,
                                                               const at::Tensor& flat, double beta) {
  const int64_t b = flat.size(0), n = model.sites();
  const double* data = flat.data_ptr<double>();
  std::vector<exact::FermionThermodynamics> out(b);
  at::parallel_for(0, b, 1, [&](int64_t begin, int64_t end) {
    Scratch& s = scratch_for(n);
    for (int64_t i = begin; i < end; ++i) {
      model.spectrum(data + i * n, s.eps.data(), s.h.data(), s.workspace);
      out[i] = exact::fermion_thermodynamics(s.eps.data(), n, beta);
    }
  });
  return out;
}

at::Tensor flat_spins(const at::Tensor& s, int64_t n) {
  return s.detach().reshape({s.size(0), n}).to(at::kDouble).contiguous();
}

}  // namespace

FalicovKimballTarget::FalicovKimballTarget(std::vector<int64_t> shape, double beta, double hopping, double interaction,
                                           std::optional<int64_t> particles)
    : shape_(std::move(shape)),
      beta_(beta),
      model_(shape_.at(0), shape_.at(1), hopping, interaction),
      particles_(particles) {}

std::shared_ptr<Target> FalicovKimballTarget::from_config(const ConfigSection& s) {
  auto shape = read_lattice_shape(s, {4, 4}, 2, 2);
  if (shape[0] < 2 || shape[1] < 2)
    throw ConfigError(s.path("shape"), format_config_value(shape),
                      "every extent must be >= 2 (periodic Lx x Ly square lattice)");
  if (shape[0] * shape[1] > 4096)
    throw ConfigError(s.path("shape"), format_config_value(shape),
                      "at most 4096 sites: every configuration is an N x N eigenproblem");
  const double beta = s.get_double("beta", 1.0 / 0.15);
  const double hopping = s.get_double("t", 1.0);
  const double interaction = s.get_double("U", 4.0);
  if (!(beta >= 0) || !std::isfinite(beta))
    throw ConfigError(s.path("beta"), format_config_value(beta), "must be finite and >= 0 (inverse temperature)");
  if (!std::isfinite(hopping)) throw ConfigError(s.path("t"), format_config_value(hopping), "must be finite");
  if (!std::isfinite(interaction)) throw ConfigError(s.path("U"), format_config_value(interaction), "must be finite");
  std::optional<int64_t> particles;
  if (s.has("particles")) {
    const int64_t n = shape[0] * shape[1];
    particles = s.get_int("particles", 0);
    if (*particles < 0 || *particles > n)
      throw ConfigError(s.path("particles"), std::to_string(*particles),
                        "must be in [0, " + std::to_string(n) +
                            "] (number of occupied sites); omit it for the "
                            "grand canonical ensemble");
  }
  return std::make_shared<FalicovKimballTarget>(shape, beta, hopping, interaction, particles);
}

std::vector<std::pair<std::string, double>> FalicovKimballTarget::parameters() const {
  std::vector<std::pair<std::string, double>> p = {
      {"beta", beta_}, {"t", model_.hopping()}, {"U", model_.interaction()}};
  if (particles_) p.emplace_back("particles", static_cast<double>(*particles_));
  return p;
}

double FalicovKimballTarget::action_of(const double* spins) const {
  const int64_t n = model_.sites();
  if (!in_sector(spins, n, particles_)) return std::numeric_limits<double>::infinity();
  Scratch& s = scratch_for(n);
  model_.spectrum(spins, s.eps.data(), s.h.data(), s.workspace);
  return exact::fermion_thermodynamics(s.eps.data(), n, beta_).action;
}

at::Tensor FalicovKimballTarget::action(const at::Tensor& s) const {
  const int64_t n = model_.sites();
  at::Tensor flat = flat_spins(s, n);
  const auto thermo = batch_thermodynamics(model_, flat, beta_);
  at::Tensor out = at::empty({flat.size(0)}, at::kDouble);
  const double* data = flat.data_ptr<double>();
  double* o = out.data_ptr<double>();
  for (int64_t i = 0; i < flat.size(0); ++i)
    o[i] = in_sector(data + i * n, n, particles_) ? thermo[i].action : std::numeric_limits<double>::infinity();
  return out;
}

std::vector<Primary> FalicovKimballTarget::primaries() const {
  return {{"energy", "internal energy per site e = <H>_x / N (fermions traced out)", false},
          {"energy2", "<H^2>_x / N^2 (for the specific heat)", true},
          {"structure_factor", "checkerboard S(pi,pi) = (1/N) |sum_i (-1)^(ix+iy) (x_i - 1/2)|^2", false},
          {"structure_factor2", "S(pi,pi)^2 (for the Binder cumulant)", true},
          {"occupation", "(1/N) sum_i x_i", false}};
}

std::vector<Derived> FalicovKimballTarget::derived() const {
  const double volume = static_cast<double>(model_.sites()), beta = beta_;
  return {{"specific_heat",
           "beta^2 N (<energy2> - <energy>^2)",
           {"energy2", "energy"},
           [=](const std::vector<double>& a) { return beta * beta * volume * (a[0] - a[1] * a[1]); }},
          {"binder",
           "1 - <S(pi,pi)^2> / (3 <S(pi,pi)>^2)",
           {"structure_factor2", "structure_factor"},
           [](const std::vector<double>& a) { return 1.0 - a[0] / (3.0 * a[1] * a[1]); }}};
}

Observables FalicovKimballTarget::measure(const at::Tensor& s) const {
  const int64_t n = model_.sites();
  at::Tensor flat = flat_spins(s, n);
  const int64_t b = flat.size(0);
  const auto thermo = batch_thermodynamics(model_, flat, beta_);
  at::Tensor e = at::empty({b}, at::kDouble), e2 = at::empty({b}, at::kDouble), sf = at::empty({b}, at::kDouble);
  const double nd = static_cast<double>(n);
  const double* data = flat.data_ptr<double>();
  double *pe = e.data_ptr<double>(), *pe2 = e2.data_ptr<double>(), *psf = sf.data_ptr<double>();
  for (int64_t i = 0; i < b; ++i) {
    pe[i] = thermo[i].energy / nd;
    pe2[i] = thermo[i].energy_squared / (nd * nd);
    psf[i] = model_.structure_factor(data + i * n);
  }
  return {{"energy", e},
          {"energy2", e2},
          {"structure_factor", sf},
          {"structure_factor2", sf * sf},
          {"occupation", (flat.sum(1) / nd + 1.0) * 0.5}};
}

ExactResults FalicovKimballTarget::exact() const {
  ExactResults r;
  if (model_.sites() > 16) return r;
  const auto e = exact::enumerate_falicov_kimball(model_, beta_, particles_);
  r.log_z = e.log_z;
  r.observables = {{"energy", e.energy},
                   {"energy2", e.energy2},
                   {"specific_heat", e.specific_heat},
                   {"structure_factor", e.structure_factor},
                   {"structure_factor2", e.structure_factor2},
                   {"binder", e.binder},
                   {"occupation", e.occupation}};
  r.method = e.method;
  return r;
}

}  // namespace bbg
