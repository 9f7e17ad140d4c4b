#include "bbg/models/autoregressive/pixelcnn.hpp"

#include <ATen/ATen.h>

#include "bbg/core/errors.hpp"

namespace bbg {

PixelCnn::PixelCnn(const ModelSpec& spec) : Autoregressive(spec) {
  if (spec.shape.size() != 2) throw UserError("pixelcnn needs a 2-dimensional lattice");
  for (int64_t l = 0; l < spec.layers; ++l)
    convs_.push_back(register_module("conv" + std::to_string(l),
                                     MaskedConv2d(l == 0 ? 1 : spec.width, spec.width, spec.kernel, l == 0)));
  output_ = register_module("output", MaskedConv2d(spec.width, 1, 1, /*type_a=*/false));
}

at::Tensor PixelCnn::logits(const at::Tensor& x) {
  const int64_t b = x.size(0);
  at::Tensor h = x.reshape({b, 1, spec().shape[0], spec().shape[1]});
  for (size_t l = 0; l < convs_.size(); ++l) {
    const at::Tensor t = activate(convs_[l]->forward(h));
    h = (spec().residual && l > 0) ? h + t : t;
  }
  return output_->forward(h).reshape({b, -1});
}

std::pair<at::Tensor, at::Tensor> PixelCnn::sample_sites(int64_t n, at::Generator& generator) {
  const int64_t rows = spec().shape[0], cols = spec().shape[1], k = spec().kernel, half = k / 2;
  const auto options = at::TensorOptions().dtype(at::kDouble);
  // cache[l]: input of layer l (cache[0] the spins), zero-padded by `half` above
  // and on both sides; rows below the current one are never read.
  std::vector<at::Tensor> cache, weight, bias;
  cache.push_back(at::zeros({n, 1, rows + half, cols + 2 * half}, options));
  for (auto& conv : convs_) {
    cache.push_back(at::zeros({n, spec().width, rows + half, cols + 2 * half}, options));
    weight.push_back(conv->masked_weight().narrow(2, 0, half + 1).reshape({spec().width, -1}).t().contiguous());
    bias.push_back(conv->bias());
  }
  const at::Tensor w_out = output_->masked_weight().reshape({-1});
  const at::Tensor b_out = output_->bias().expand({n});
  at::Tensor log_q = at::zeros({n}, options);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      for (size_t l = 0; l < convs_.size(); ++l) {
        const at::Tensor window = cache[l].narrow(2, r, half + 1).narrow(3, c, k).reshape({n, -1});
        at::Tensor t = activate(at::addmm(bias[l], window, weight[l]));
        if (spec().residual && l > 0) t = t + cache[l].select(3, c + half).select(2, r + half);
        cache[l + 1].select(3, c + half).select(2, r + half).copy_(t);
      }
      const at::Tensor top = cache.back().select(3, c + half).select(2, r + half);
      auto [s, lq] = draw_site(at::addmv(b_out, top, w_out), generator);
      cache[0].select(3, c + half).select(2, r + half).select(1, 0).copy_(s);
      log_q += lq;
    }
  const at::Tensor spins = cache[0].narrow(2, half, rows).narrow(3, half, cols).reshape({n, rows * cols});
  return {spins.contiguous(), log_q};
}

}  // namespace bbg
