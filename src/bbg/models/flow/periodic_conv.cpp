#include "bbg/models/flow/periodic_conv.hpp"

#include <ATen/ATen.h>
#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/core/LegacyTypeDispatch.h>
#include <torch/autograd.h>

#include <algorithm>

namespace bbg {
namespace {

// Rows per block: the gathered block cols[rows, K I] holds about 64 Ki numbers
// (512 KiB in float64, inside L2). Measured on the flow benchmark (2-core EPYC,
// L = 8, 16, batch 64, 1024): 4 Ki numbers was 10-25 % slower, 16 Ki 5-20 %,
// 128 Ki to 1 Mi the same within noise.
int64_t block_rows(int64_t row_width) { return std::max<int64_t>(32, 65536 / row_width); }

// The fixed number of partial sums dL/dw is split into (then added in order).
constexpr int64_t kWeightGradGroups = 16;

// cols[r - r0, k I + i] = x[b, table[p, k], i] for rows r = b sites + p in [r0, r1).
// Channels is a template argument for the common widths (0: any), so the copy of one
// site's channels compiles to a few vector moves instead of a memmove call.
template <int64_t Channels, class T>
void gather_stencils(const T* x, const int64_t* table, int64_t sites, int64_t taps, int64_t channels,
                     int64_t r0, int64_t r1, T* cols) {
  if constexpr (Channels > 0) channels = Channels;
  const int64_t width = taps * channels;
  for (int64_t r = r0; r < r1; ++r) {
    const int64_t b = r / sites, p = r - b * sites;
    const T* sample = x + b * sites * channels;
    const int64_t* neighbours = table + p * taps;
    T* out = cols + (r - r0) * width;
    for (int64_t k = 0; k < taps; ++k) {
      const T* site = sample + neighbours[k] * channels;
      if constexpr (Channels > 0) {
        T buffer[Channels];
        for (int64_t i = 0; i < Channels; ++i) buffer[i] = site[i];
        for (int64_t i = 0; i < Channels; ++i) out[k * Channels + i] = buffer[i];
      } else {
        std::copy_n(site, channels, out + k * channels);
      }
    }
  }
}

template <class T>
void gather_stencils_any(const T* x, const int64_t* table, int64_t sites, int64_t taps, int64_t channels,
                         int64_t r0, int64_t r1, T* cols) {
  switch (channels) {
    case 1: return gather_stencils<1>(x, table, sites, taps, channels, r0, r1, cols);
    case 2: return gather_stencils<2>(x, table, sites, taps, channels, r0, r1, cols);
    case 4: return gather_stencils<4>(x, table, sites, taps, channels, r0, r1, cols);
    case 8: return gather_stencils<8>(x, table, sites, taps, channels, r0, r1, cols);
    case 16: return gather_stencils<16>(x, table, sites, taps, channels, r0, r1, cols);
    case 32: return gather_stencils<32>(x, table, sites, taps, channels, r0, r1, cols);
    default: return gather_stencils<0>(x, table, sites, taps, channels, r0, r1, cols);
  }
}

void gather_block(const at::Tensor& x, const at::Tensor& table, int64_t r0, int64_t r1, at::Tensor& cols) {
  const int64_t sites = x.size(1), channels = x.size(2), taps = table.size(1);
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "periodic_conv_gather", [&] {
    gather_stencils_any(x.data_ptr<scalar_t>(), table.data_ptr<int64_t>(), sites, taps, channels, r0, r1,
                        cols.data_ptr<scalar_t>());
  });
}

// y = cols W (+ bias), block by block; x contiguous on the CPU.
at::Tensor conv_forward_cpu(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias,
                            const at::Tensor& table) {
  const int64_t batch = x.size(0), sites = x.size(1), out_channels = w.size(1);
  const int64_t rows = batch * sites, width = w.size(0), step = block_rows(width);
  at::Tensor y = at::empty({batch, sites, out_channels}, x.options());
  at::Tensor y_rows = y.view({rows, out_channels});
  const int64_t blocks = (rows + step - 1) / step;
  at::parallel_for(0, blocks, 1, [&](int64_t first, int64_t last) {
    at::AutoDispatchBelowADInplaceOrView below_autograd;  // worker threads do not inherit the no-grad mode
    at::Tensor cols = at::empty({step, width}, x.options());
    for (int64_t blk = first; blk < last; ++blk) {
      const int64_t r0 = blk * step, r1 = std::min(rows, r0 + step);
      gather_block(x, table, r0, r1, cols);
      at::Tensor out = y_rows.narrow(0, r0, r1 - r0);
      const at::Tensor in = cols.narrow(0, 0, r1 - r0);
      if (bias.defined()) {
        at::addmm_out(out, bias, in, w);
      } else {
        at::mm_out(out, in, w);
      }
    }
  });
  return y;
}

// dL/dw = sum over blocks cols^T G, in kWeightGradGroups partial sums.
at::Tensor weight_grad_cpu(const at::Tensor& x, const at::Tensor& grad, const at::Tensor& table,
                           int64_t width) {
  const int64_t out_channels = grad.size(2), rows = grad.size(0) * grad.size(1);
  const int64_t step = block_rows(width), blocks = (rows + step - 1) / step;
  const int64_t groups = std::min(blocks, kWeightGradGroups);
  const at::Tensor grad_rows = grad.view({rows, out_channels});
  at::Tensor partial = at::zeros({groups, width, out_channels}, x.options());
  at::parallel_for(0, groups, 1, [&](int64_t first, int64_t last) {
    at::AutoDispatchBelowADInplaceOrView below_autograd;  // worker threads do not inherit the no-grad mode
    at::Tensor cols = at::empty({step, width}, x.options());
    for (int64_t g = first; g < last; ++g) {
      at::Tensor acc = partial[g];
      for (int64_t blk = g * blocks / groups; blk < (g + 1) * blocks / groups; ++blk) {
        const int64_t r0 = blk * step, r1 = std::min(rows, r0 + step);
        gather_block(x, table, r0, r1, cols);
        acc.addmm_(cols.narrow(0, 0, r1 - r0).t(), grad_rows.narrow(0, r0, r1 - r0));
      }
    }
  });
  return partial.sum(0);
}

// w [K I, O] -> per-tap transpose [K O, I], the weight of the input gradient.
at::Tensor transpose_taps(const at::Tensor& w, int64_t in_channels) {
  const int64_t taps = w.size(0) / in_channels;
  return w.view({taps, in_channels, w.size(1)}).transpose(1, 2).contiguous().view({-1, in_channels});
}

class PeriodicConvFunction : public torch::autograd::Function<PeriodicConvFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w,
                            const at::Tensor& bias, const at::Tensor& table, const at::Tensor& inverse_table) {
    const at::Tensor xc = x.contiguous(), wc = w.contiguous();
    ctx->save_for_backward({xc, wc, table, inverse_table});
    return conv_forward_cpu(xc, wc, bias, table);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor &x = saved[0], &w = saved[1], &table = saved[2], &inverse_table = saved[3];
    const at::Tensor grad = grads[0].contiguous();
    at::Tensor grad_x, grad_w, grad_bias;
    if (ctx->needs_input_grad(0)) grad_x = conv_forward_cpu(grad, transpose_taps(w, x.size(2)), {}, inverse_table);
    if (ctx->needs_input_grad(1)) grad_w = weight_grad_cpu(x, grad, table, w.size(0));
    if (ctx->needs_input_grad(2)) grad_bias = grad.sum(at::IntArrayRef{0, 1});
    return {grad_x, grad_w, grad_bias, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

at::Tensor periodic_stencil_table(const std::vector<int64_t>& shape, int64_t kernel, bool inverse) {
  const int64_t dims = static_cast<int64_t>(shape.size());
  int64_t sites = 1, taps = 1;
  for (int64_t l : shape) sites *= l, taps *= kernel;
  at::Tensor table = at::empty({sites, taps}, at::kLong);
  int64_t* out = table.data_ptr<int64_t>();
  std::vector<int64_t> coord(dims), offset(dims);
  for (int64_t p = 0; p < sites; ++p) {
    for (int64_t d = dims - 1, rest = p; d >= 0; --d) coord[d] = rest % shape[d], rest /= shape[d];
    for (int64_t k = 0; k < taps; ++k) {
      for (int64_t d = dims - 1, rest = k; d >= 0; --d) offset[d] = rest % kernel - kernel / 2, rest /= kernel;
      int64_t site = 0;
      for (int64_t d = 0; d < dims; ++d) {
        const int64_t step = inverse ? -offset[d] : offset[d];
        site = site * shape[d] + ((coord[d] + step) % shape[d] + shape[d]) % shape[d];
      }
      out[p * taps + k] = site;
    }
  }
  return table;
}

at::Tensor periodic_conv_weight_matrix(const at::Tensor& weight) {
  std::vector<int64_t> order;  // [O, I, k...] -> [k..., I, O]
  for (int64_t d = 2; d < weight.dim(); ++d) order.push_back(d);
  order.push_back(1);
  order.push_back(0);
  return weight.permute(order).reshape({-1, weight.size(0)});
}

at::Tensor periodic_conv_reference(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias,
                                   const at::Tensor& table) {
  const int64_t batch = x.size(0), sites = x.size(1);
  const at::Tensor cols = x.index_select(1, table.to(x.device()).view(-1)).reshape({batch * sites, -1});
  const at::Tensor y = bias.defined() ? at::addmm(bias, cols, w) : at::mm(cols, w);
  return y.view({batch, sites, w.size(1)});
}

at::Tensor periodic_conv(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias,
                         const at::Tensor& table, const at::Tensor& inverse_table) {
  if (!x.device().is_cpu()) return periodic_conv_reference(x, w, bias, table);
  return PeriodicConvFunction::apply(x, w, bias, table, inverse_table);
}

}  // namespace bbg
