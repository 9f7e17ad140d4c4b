// Periodic hypercubic lattice geometry: site indexing (row-major, last axis
// fastest, matching a contiguous [L0, L1, ...] tensor), neighbour tables and the
// checkerboard parity used by checkerboard updates and coupling-layer masks.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bbg {

class Lattice {
 public:
  explicit Lattice(std::vector<int64_t> shape);

  const std::vector<int64_t>& shape() const { return shape_; }
  int64_t dim() const { return static_cast<int64_t>(shape_.size()); }
  int64_t volume() const { return volume_; }

  // Neighbour of `site` one step forward (+1) or backward (-1) along `axis`.
  int32_t forward(int64_t site, int64_t axis) const { return fwd_[site * dim() + axis]; }
  int32_t backward(int64_t site, int64_t axis) const { return bwd_[site * dim() + axis]; }
  const std::vector<int32_t>& forward_table() const { return fwd_; }
  const std::vector<int32_t>& backward_table() const { return bwd_; }

  // (sum of coordinates) mod 2.
  int parity(int64_t site) const { return parity_[site]; }
  // True when every extent is even, so that the two parities form a bipartition.
  bool bipartite() const;

  std::vector<int64_t> coordinates(int64_t site) const;
  std::string shape_string() const;  // e.g. "8x8"

 private:
  std::vector<int64_t> shape_;
  int64_t volume_ = 1;
  std::vector<int32_t> fwd_, bwd_;
  std::vector<uint8_t> parity_;
};

}  // namespace bbg
