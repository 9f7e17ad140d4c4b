#include "bbg/models/autoregressive/masked_linear.hpp"

#include <ATen/ATen.h>

#include <cmath>

namespace bbg {

MaskedLinearImpl::MaskedLinearImpl(const at::Tensor& mask, bool bias) {
  const int64_t out = mask.size(0), in = mask.size(1);
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));
  const auto options = at::TensorOptions().dtype(at::kDouble);
  weight_ = register_parameter("weight", at::empty({out, in}, options).uniform_(-bound, bound));
  if (bias) bias_ = register_parameter("bias", at::empty({out}, options).uniform_(-bound, bound));
  mask_ = register_buffer("mask", mask.to(at::kDouble).clone());
}

at::Tensor MaskedLinearImpl::masked_weight() const { return weight_ * mask_; }

at::Tensor MaskedLinearImpl::forward(const at::Tensor& x) { return at::linear(x, masked_weight(), bias_); }

}  // namespace bbg
