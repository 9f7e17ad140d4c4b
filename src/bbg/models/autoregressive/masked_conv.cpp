#include "bbg/models/autoregressive/masked_conv.hpp"

#include <ATen/ATen.h>

#include <cmath>

namespace bbg {

MaskedConv2dImpl::MaskedConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, bool type_a)
    : kernel_(kernel) {
  const int64_t half = kernel / 2;
  const double bound = 1.0 / std::sqrt(static_cast<double>(in_channels * kernel * kernel));
  const auto options = at::TensorOptions().dtype(at::kDouble);
  weight_ = register_parameter("weight",
                               at::empty({out_channels, in_channels, kernel, kernel}, options).uniform_(-bound, bound));
  bias_ = register_parameter("bias", at::empty({out_channels}, options).uniform_(-bound, bound));
  at::Tensor mask = at::zeros({kernel, kernel}, options);
  auto m = mask.accessor<double, 2>();
  for (int64_t r = 0; r < kernel; ++r)
    for (int64_t c = 0; c < kernel; ++c)
      m[r][c] = (r < half || (r == half && (c < half || (c == half && !type_a)))) ? 1.0 : 0.0;
  mask_ = register_buffer("mask", mask);
}

at::Tensor MaskedConv2dImpl::masked_weight() const { return weight_ * mask_; }

at::Tensor MaskedConv2dImpl::forward(const at::Tensor& x) {
  return at::conv2d(x, masked_weight(), bias_, /*stride=*/1, /*padding=*/kernel_ / 2);
}

}  // namespace bbg
