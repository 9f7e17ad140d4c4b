#include "bbg/sampler/spin_updates.hpp"

#include <cmath>
#include <stdexcept>

namespace bbg {

MetropolisUpdater::MetropolisUpdater(const Lattice& lattice, double beta, double coupling, double field)
    : lattice_(lattice), degree_(2 * lattice.dim()) {
  if (!lattice.bipartite())
    throw std::invalid_argument("checkerboard Metropolis needs even extents along every axis");
  for (int64_t i = 0; i < lattice.volume(); ++i) (lattice.parity(i) ? odd_ : even_).push_back(static_cast<int32_t>(i));
  accept_.resize(2 * (2 * degree_ + 1));
  for (int s = 0; s < 2; ++s)
    for (int64_t nb = -degree_; nb <= degree_; ++nb) {
      const double spin = s ? 1.0 : -1.0;
      const double delta_e = 2.0 * spin * (coupling * static_cast<double>(nb) + field);
      accept_[s * (2 * degree_ + 1) + nb + degree_] = std::min(1.0, std::exp(-beta * delta_e));
    }
}

int64_t MetropolisUpdater::sweep(int8_t* spins, Rng& rng) const {
  const int64_t d = lattice_.dim();
  const int32_t* fwd = lattice_.forward_table().data();
  const int32_t* bwd = lattice_.backward_table().data();
  int64_t accepted = 0;
  for (const auto* half : {&even_, &odd_}) {
    for (int32_t i : *half) {
      int nb = 0;
      for (int64_t a = 0; a < d; ++a) nb += spins[fwd[i * d + a]] + spins[bwd[i * d + a]];
      const double p = accept_[((spins[i] + 1) / 2) * (2 * degree_ + 1) + nb + degree_];
      if (p >= 1.0 || rng.uniform() < p) {
        spins[i] = static_cast<int8_t>(-spins[i]);
        ++accepted;
      }
    }
  }
  return accepted;
}

WolffUpdater::WolffUpdater(const Lattice& lattice, double beta, double coupling) : lattice_(lattice) {
  if (!(coupling > 0)) throw std::invalid_argument("Wolff clusters need a ferromagnetic coupling J > 0");
  const double p_add = 1.0 - std::exp(-2.0 * beta * coupling);
  add_always_ = p_add >= 1.0;
  // rng.next() < threshold happens with probability p_add (to 2^-64).
  add_threshold_ = add_always_ ? ~uint64_t{0} : static_cast<uint64_t>(std::ldexp(p_add, 64));
}

int64_t WolffUpdater::cluster(int8_t* spins, Rng& rng, std::vector<int32_t>& stack) const {
  const int64_t d = lattice_.dim();
  const int32_t* fwd = lattice_.forward_table().data();
  const int32_t* bwd = lattice_.backward_table().data();
  const int32_t seed = static_cast<int32_t>(rng.below(static_cast<uint64_t>(lattice_.volume())));
  const int8_t old = spins[seed];
  // Flip on insertion: a flipped site is never added twice.
  spins[seed] = static_cast<int8_t>(-old);
  stack.clear();
  stack.push_back(seed);
  int64_t size = 1;
  while (!stack.empty()) {
    const int32_t i = stack.back();
    stack.pop_back();
    for (int64_t a = 0; a < d; ++a)
      for (int32_t j : {fwd[i * d + a], bwd[i * d + a]})
        if (spins[j] == old && (add_always_ || rng.next() < add_threshold_)) {
          spins[j] = static_cast<int8_t>(-old);
          stack.push_back(j);
          ++size;
        }
  }
  return size;
}

}  // namespace bbg
