#include "bbg/models/flow/checkerboard.hpp"

#include <ATen/ATen.h>

namespace bbg {

at::Tensor checkerboard_mask(const std::vector<int64_t>& shape, int64_t parity) {
  int64_t sites = 1;
  for (int64_t l : shape) sites *= l;
  at::Tensor mask = at::zeros({sites}, at::kDouble);
  auto m = mask.accessor<double, 1>();
  for (int64_t i = 0; i < sites; ++i) {
    int64_t rest = i, coordinate_sum = 0;
    for (auto d = shape.size(); d-- > 0;) {
      coordinate_sum += rest % shape[d];
      rest /= shape[d];
    }
    m[i] = (coordinate_sum % 2 == parity % 2) ? 1.0 : 0.0;
  }
  return mask.reshape(shape);
}

}  // namespace bbg
