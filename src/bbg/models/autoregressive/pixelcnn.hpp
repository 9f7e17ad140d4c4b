// PixelCNN on a 2-D lattice (van den Oord et al., ICML 2016, arXiv:1601.06759),
// as the convolutional VAN of Wu, Wang & Zhang, PRL 122, 080602 (2019):
//   h_1 = act(conv_A(s)),  h_{l+1} = act(conv_B(h_l))  [+ h_l if residual],
//   logit = conv_1x1(h_layers),
// masked k x k convolutions with `width` channels and zero padding (open
// boundaries; the spins' periodicity is for the net to learn). logit(r, c)
// sees the sites before (r, c) in raster order within layers * (k / 2) rows
// above and columns either side (minus the usual PixelCNN blind spot to the
// upper right). 2-D lattices only (ModelSpec::from_config says so).
//
// Fast sampling: every layer's activation at (r, c) depends only on sites
// before (r, c), so it becomes final exactly when (r, c) is the next site. The
// sampler keeps each layer's activations for the whole lattice (zero-padded)
// and, per site, computes only that site's column through the layers from a
// k/2+1 by k window of the layer below: the whole draw costs one forward pass
// (plus per-site overhead) instead of the naive N full passes.
#pragma once
#include <vector>

#include "bbg/models/autoregressive/autoregressive.hpp"
#include "bbg/models/autoregressive/masked_conv.hpp"

namespace bbg {

class PixelCnn : public Autoregressive {
 public:
  explicit PixelCnn(const ModelSpec& spec);
  at::Tensor logits(const at::Tensor& x) override;

 protected:
  std::pair<at::Tensor, at::Tensor> sample_sites(int64_t n, at::Generator& generator) override;

 private:
  std::vector<MaskedConv2d> convs_;  // type A, then type B
  MaskedConv2d output_{nullptr};     // 1 x 1, width -> 1
};

}  // namespace bbg
