// A 2-D convolution whose kernel is masked so that the output at a site sees
// only sites before it in row-major (raster) order (PixelCNN, van den Oord et
// al., ICML 2016, arXiv:1601.06759):
//   type A (first layer): rows above the centre, and the centre row left of it;
//   type B (later layers): the same plus the centre itself,
//   y = conv2d(x, W ⊙ M, b), zero padding k / 2 (the lattice is not periodic here).
// A type-A layer followed by type-B layers gives output(r, c) depending on
// inputs strictly before (r, c). The mask [k, k] is a buffer; initialisation as
// torch::nn::Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = C_in k^2.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace bbg {

class MaskedConv2dImpl : public torch::nn::Module {
 public:
  MaskedConv2dImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, bool type_a);
  at::Tensor forward(const at::Tensor& x);  // [B, C_in, L1, L2] -> [B, C_out, L1, L2]
  at::Tensor masked_weight() const;         // W ⊙ M, [C_out, C_in, k, k]
  const at::Tensor& bias() const { return bias_; }
  int64_t kernel() const { return kernel_; }

 private:
  int64_t kernel_;
  at::Tensor weight_, bias_, mask_;
};
TORCH_MODULE(MaskedConv2d);

}  // namespace bbg
