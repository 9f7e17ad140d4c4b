#include "bbg/exact/falicov_kimball_flip_energy.hpp"

#include <stdexcept>
#include <string>

namespace bbg {
namespace exact {

FalicovKimballFlipEnergy::FalicovKimballFlipEnergy(const FalicovKimballModel& model, double beta, const double* spins,
                                                   int64_t refresh_every)
    : model_(model), beta_(beta), refresh_every_(refresh_every) {
  if (refresh_every < 1)
    throw std::invalid_argument("FalicovKimballFlipEnergy: refresh_every = " + std::to_string(refresh_every) +
                                ", must be >= 1 (accepted flips between full decompositions)");
  const int64_t n = model.sites();
  lambda_.resize(n), mu_.resize(n), rows_.resize(n * n), h_.resize(n * n);
  reset(spins);
}

void FalicovKimballFlipEnergy::reset(const double* spins) {
  spins_.assign(spins, spins + sites());
  decompose();
}

void FalicovKimballFlipEnergy::check_site(int64_t site) const {
  if (site < 0 || site >= sites())
    throw std::out_of_range("FalicovKimballFlipEnergy: site " + std::to_string(site) + " is not in [0, " +
                            std::to_string(sites()) + ")");
}

void FalicovKimballFlipEnergy::decompose() {
  const int64_t n = sites();
  model_.one_body_matrix(spins_.data(), h_.data());
  symmetric_eigensystem(h_.data(), static_cast<int>(n), lambda_.data(), eigen_);
  // h_ holds V column-major (h_[j * n + k] = V_kj); rows_ is its transpose, so that the
  // z = V^T e_k of a flip is contiguous.
  for (int64_t j = 0; j < n; ++j)
    for (int64_t k = 0; k < n; ++k) rows_[k * n + j] = h_[j * n + k];
  action_ = fermion_action(lambda_.data(), n, beta_);
  since_refresh_ = 0;
}

double FalicovKimballFlipEnergy::full_action() {
  model_.spectrum(spins_.data(), mu_.data(), h_.data(), eigen_);
  return fermion_action(mu_.data(), sites(), beta_);
}

double FalicovKimballFlipEnergy::flip_action(int64_t site) {
  check_site(site);
  const int64_t n = sites();
  const double c = -model_.interaction() * spins_[site];  // h_kk = U s_k / 2 -> -U s_k / 2
  if (update_.compute(lambda_.data(), rows_.data() + site * n, c, static_cast<int>(n), false))
    return fermion_action(update_.eigenvalues().data(), n, beta_);
  spins_[site] = -spins_[site];
  const double s = full_action();
  spins_[site] = -spins_[site];
  return s;
}

void FalicovKimballFlipEnergy::check_pair(int64_t i, int64_t j) const {
  check_site(i), check_site(j);
  if (i == j)
    throw std::invalid_argument("FalicovKimballFlipEnergy: a pair needs two different sites (got " + std::to_string(i) +
                                " twice)");
}

double FalicovKimballFlipEnergy::pair_action(int64_t i, int64_t j) {
  check_pair(i, j);
  const int64_t n = sites();
  const int ni = static_cast<int>(n);
  // flip i with eigenvectors, carry row j of V into the new basis (one row: O(N K)), flip j
  const double ci = -model_.interaction() * spins_[i], cj = -model_.interaction() * spins_[j];
  if (update_.compute(lambda_.data(), rows_.data() + i * n, ci, ni, true)) {
    row_.assign(rows_.begin() + j * n, rows_.begin() + (j + 1) * n);
    update_.transform(row_.data(), 1);
    if (second_.compute(update_.eigenvalues().data(), row_.data(), cj, ni, false))
      return fermion_action(second_.eigenvalues().data(), n, beta_);
  }
  spins_[i] = -spins_[i], spins_[j] = -spins_[j];
  const double s = full_action();
  spins_[i] = -spins_[i], spins_[j] = -spins_[j];
  return s;
}

void FalicovKimballFlipEnergy::accept_flip(int64_t site) {
  check_site(site);
  const int64_t n = sites();
  const double c = -model_.interaction() * spins_[site];
  spins_[site] = -spins_[site];
  if (++since_refresh_ >= refresh_every_ ||
      !update_.compute(lambda_.data(), rows_.data() + site * n, c, static_cast<int>(n), true)) {
    decompose();
    return;
  }
  update_.transform(rows_.data(), static_cast<int>(n));
  lambda_ = update_.eigenvalues();
  action_ = fermion_action(lambda_.data(), n, beta_);
}

void FalicovKimballFlipEnergy::accept_pair(int64_t i, int64_t j) {
  check_pair(i, j);
  accept_flip(i);
  accept_flip(j);
}

}  // namespace exact
}  // namespace bbg
