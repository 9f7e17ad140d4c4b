// Checkerboard masks for coupling layers on periodic lattices of any dimension:
// mask(x) = 1 where (x_1 + ... + x_d) % 2 == parity (the frozen sites), else 0.
// With even extents every site's nearest neighbours all have the other colour.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace bbg {

at::Tensor checkerboard_mask(const std::vector<int64_t>& shape, int64_t parity);  // double, `shape`

}  // namespace bbg
