#include "bbg/core/lattice.hpp"

#include <stdexcept>

namespace bbg {

Lattice::Lattice(std::vector<int64_t> shape) : shape_(std::move(shape)) {
  if (shape_.empty()) throw std::invalid_argument("Lattice: empty shape");
  for (int64_t l : shape_) {
    if (l <= 0) throw std::invalid_argument("Lattice: extents must be positive");
    volume_ *= l;
  }
  if (volume_ > (int64_t{1} << 30)) throw std::invalid_argument("Lattice: volume too large");
  const int64_t d = dim();
  fwd_.resize(volume_ * d);
  bwd_.resize(volume_ * d);
  parity_.resize(volume_);
  std::vector<int64_t> stride(d, 1);
  for (int64_t a = d - 2; a >= 0; --a) stride[a] = stride[a + 1] * shape_[a + 1];
  for (int64_t site = 0; site < volume_; ++site) {
    int64_t rest = site, coordinate_sum = 0;
    for (int64_t a = 0; a < d; ++a) {
      const int64_t c = rest / stride[a];
      rest %= stride[a];
      coordinate_sum += c;
      const int64_t up = (c + 1) % shape_[a], down = (c + shape_[a] - 1) % shape_[a];
      fwd_[site * d + a] = static_cast<int32_t>(site + (up - c) * stride[a]);
      bwd_[site * d + a] = static_cast<int32_t>(site + (down - c) * stride[a]);
    }
    parity_[site] = static_cast<uint8_t>(coordinate_sum & 1);
  }
}

bool Lattice::bipartite() const {
  for (int64_t l : shape_)
    if (l % 2 != 0) return false;
  return true;
}

std::vector<int64_t> Lattice::coordinates(int64_t site) const {
  std::vector<int64_t> c(shape_.size());
  for (int64_t a = dim() - 1; a >= 0; --a) {
    c[a] = site % shape_[a];
    site /= shape_[a];
  }
  return c;
}

std::string Lattice::shape_string() const {
  std::string s;
  for (size_t i = 0; i < shape_.size(); ++i) s += (i ? "x" : "") + std::to_string(shape_[i]);
  return s;
}

}  // namespace bbg
