#include "bbg/surrogate/lattice_features.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace bbg {

LatticeFeatures::LatticeFeatures(int64_t length, int64_t range, bool plaquette)
    : length_(length), plaquette_(plaquette) {
  if (length < 2) throw std::invalid_argument("lattice features: L must be >= 2");
  if (range < 1 || range >= length) throw std::invalid_argument("lattice features: the range must be in [1, L)");
  names_ = {"E0", "field"};
  // One vector of each +-d pair: dy > 0, or dy = 0 and dx > 0.
  std::map<std::pair<int64_t, int64_t>, std::vector<std::pair<int64_t, int64_t>>> by_class;
  for (int64_t dy = 0; dy <= range; ++dy)
    for (int64_t dx = -range; dx <= range; ++dx) {
      if (dy == 0 && dx <= 0) continue;
      const int64_t a = std::min(std::abs(dx), dy), b = std::max(std::abs(dx), dy);
      by_class[{a, b}].push_back({dx, dy});
    }
  for (const auto& [key, vectors] : by_class) {
    names_.push_back("pair(" + std::to_string(key.first) + "," + std::to_string(key.second) + ")");
    classes_.push_back(vectors);
  }
  if (plaquette_) names_.push_back("plaquette");
}

int64_t LatticeFeatures::neighbour(int64_t site, int64_t dx, int64_t dy) const {
  const int64_t y = site / length_, x = site % length_;
  const int64_t nx = ((x + dx) % length_ + length_) % length_, ny = ((y + dy) % length_ + length_) % length_;
  return ny * length_ + nx;
}

void LatticeFeatures::features(const double* s, double* phi) const {
  const int64_t n = sites();
  std::fill(phi, phi + size(), 0.0);
  phi[0] = 1.0;
  for (int64_t i = 0; i < n; ++i) {
    const double si = 0.5 * s[i];
    phi[1] += si;
    for (size_t c = 0; c < classes_.size(); ++c)
      for (const auto& [dx, dy] : classes_[c]) phi[2 + c] += si * 0.5 * s[neighbour(i, dx, dy)];
    if (plaquette_)
      phi[size() - 1] += si * 0.125 * s[neighbour(i, 1, 0)] * s[neighbour(i, 1, 1)] * s[neighbour(i, 0, 1)];
  }
}

void LatticeFeatures::flip_difference(const double* s, int64_t k, double* dphi) const {
  std::fill(dphi, dphi + size(), 0.0);
  const double sk = 0.5 * s[k];
  dphi[1] = -2.0 * sk;
  for (size_t c = 0; c < classes_.size(); ++c) {
    double around = 0.0;
    for (const auto& [dx, dy] : classes_[c]) around += 0.5 * (s[neighbour(k, dx, dy)] + s[neighbour(k, -dx, -dy)]);
    dphi[2 + c] = -2.0 * sk * around;
  }
  if (plaquette_) {
    double products = 0.0;
    for (const auto& [ox, oy] : {std::pair<int64_t, int64_t>{0, 0}, {-1, 0}, {0, -1}, {-1, -1}}) {
      const int64_t i = neighbour(k, ox, oy);
      products += 0.0625 * s[i] * s[neighbour(i, 1, 0)] * s[neighbour(i, 1, 1)] * s[neighbour(i, 0, 1)];
    }
    dphi[size() - 1] = -2.0 * products;
  }
}

}  // namespace bbg
