// Local and cluster updates for the Ising model on int8 spins s = ±1 (row-major,
// as Lattice indexes sites).
//
// Checkerboard Metropolis: one sweep updates all even sites, then all odd sites;
// flipping s_i changes the energy by dE = 2 s_i (J sum_nb s_j + h) and is accepted
// with probability min(1, exp(-beta dE)) (tabulated). Needs a bipartite lattice
// (all extents even) so each half-sweep updates non-neighbouring sites.
//
// Wolff single-cluster update (U. Wolff, PRL 62 (1989) 361), h = 0, J > 0:
// grow a cluster from a random seed, adding each aligned neighbour with
// probability p_add = 1 - exp(-2 beta J), then flip it. A "sweep" is a FIXED
// number of clusters (set before sampling): a state-dependent stopping rule such
// as "until V spins are flipped" would bias the chain.
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/core/lattice.hpp"
#include "bbg/core/rng.hpp"

namespace bbg {

class MetropolisUpdater {
 public:
  MetropolisUpdater(const Lattice& lattice, double beta, double coupling, double field);
  // One checkerboard sweep; returns the number of accepted flips.
  int64_t sweep(int8_t* spins, Rng& rng) const;

 private:
  const Lattice& lattice_;
  std::vector<int32_t> even_, odd_;
  // Acceptance probability indexed by [(s_i + 1)/2][neighbour sum + 2d].
  std::vector<double> accept_;
  int64_t degree_;
};

class WolffUpdater {
 public:
  WolffUpdater(const Lattice& lattice, double beta, double coupling);
  // Grows and flips one cluster; returns its size. `stack` is scratch space.
  int64_t cluster(int8_t* spins, Rng& rng, std::vector<int32_t>& stack) const;

 private:
  const Lattice& lattice_;
  uint64_t add_threshold_;  // p_add as a 64-bit integer threshold on rng.next()
  bool add_always_;
};

}  // namespace bbg
