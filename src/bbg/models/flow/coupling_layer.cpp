#include "bbg/models/flow/coupling_layer.hpp"

#include <ATen/ATen.h>

#include "bbg/models/flow/checkerboard.hpp"

namespace bbg {

CouplingLayerImpl::CouplingLayerImpl(const ModelSpec& spec, int64_t parity)
    : affine_(spec.kind == "affine_flow"), z2_(spec.z2) {
  mask_ = register_buffer("mask", checkerboard_mask(spec.shape, parity));
  active_ = register_buffer("active", 1.0 - checkerboard_mask(spec.shape, parity));
  net_ = register_module("net", CouplingNet(spec));
}

at::Tensor CouplingLayerImpl::sum_sites(const at::Tensor& v) const {
  return v.reshape({v.size(0), -1}).sum(1);
}

std::pair<at::Tensor, at::Tensor> CouplingLayerImpl::scale_and_shift(const at::Tensor& frozen) {
  at::Tensor s, t;
  if (z2_) {
    const int64_t b = frozen.size(0);
    const at::Tensor out = net_->forward(at::cat({frozen, -frozen}, 0));
    const at::Tensor plus = out.narrow(0, 0, b), minus = out.narrow(0, b, b);
    s = 0.5 * (at::tanh(plus.select(1, 0)) + at::tanh(minus.select(1, 0)));
    t = 0.5 * (plus.select(1, 1) - minus.select(1, 1));
  } else {
    const at::Tensor out = net_->forward(frozen);
    s = at::tanh(out.select(1, 0));
    t = out.select(1, 1);
  }
  return {affine_ ? s * active_ : at::Tensor(), t * active_};
}

std::pair<at::Tensor, at::Tensor> CouplingLayerImpl::forward(const at::Tensor& z) {
  auto [s, t] = scale_and_shift(z * mask_);
  if (!affine_) return {z + t, at::zeros({z.size(0)}, z.options())};
  return {z * at::exp(s) + t, sum_sites(s)};
}

std::pair<at::Tensor, at::Tensor> CouplingLayerImpl::inverse(const at::Tensor& x) {
  auto [s, t] = scale_and_shift(x * mask_);
  if (!affine_) return {x - t, at::zeros({x.size(0)}, x.options())};
  return {(x - t) * at::exp(-s), -sum_sites(s)};
}

}  // namespace bbg
