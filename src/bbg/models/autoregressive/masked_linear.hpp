// A dense layer whose connectivity is fixed by a 0/1 mask (MADE, Germain et al.,
// ICML 2015, arXiv:1502.03509):
//   y = x (W ⊙ M)^T + b,   W, M: [out, in],
// M registered as a buffer (saved with the weights, never trained). Masked
// entries of W get zero gradient, so they stay inert. Initialisation as
// torch::nn::Linear: U(-1/sqrt(in), 1/sqrt(in)) from LibTorch's default generator.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace bbg {

class MaskedLinearImpl : public torch::nn::Module {
 public:
  // mask: [out, in] of 0/1 (double)
  MaskedLinearImpl(const at::Tensor& mask, bool bias);
  at::Tensor forward(const at::Tensor& x);  // [B, in] -> [B, out]
  at::Tensor masked_weight() const;         // W ⊙ M, [out, in]
  const at::Tensor& bias() const { return bias_; }  // [out], undefined without bias
  const at::Tensor& mask() const { return mask_; }

 private:
  at::Tensor weight_, bias_, mask_;
};
TORCH_MODULE(MaskedLinear);

}  // namespace bbg
