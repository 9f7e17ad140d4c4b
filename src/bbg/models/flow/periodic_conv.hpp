// Convolution on a periodic lattice, channels last, with its own gradient.
//
//   y[b, p, o] = bias[o] + sum_{k, i} x[b, n(p, k), i] w[k, i, o],
//   n(p, k) = p + d_k (mod L in every direction),
//
// d_k running over the k^D stencil offsets -k/2 .. k/2 in row-major order. This is
// conv2d's cross-correlation with circular padding k/2, but the wrap-around is read
// from a neighbour table instead of being copied into a padded tensor, and the whole
// batch is one matrix product per cache-sized block of rows:
//   Y[rows, O] = cols[rows, K I] W[K I, O],  cols = the gathered stencils (im2col).
// ATen's float64 CPU convolution (_slow_conv2d) makes one small product per sample
// instead, which is what this op exists to beat (BENCHMARKS.md, flow section).
//
// Gradients (G = dL/dy):
//   dL/dx[b, q, i] = sum_{k, o} G[b, q - d_k, o] w[k, i, o]   (the same op with the
//                    inverse table and w transposed per tap),
//   dL/dw = cols^T G,  dL/dbias = sum_{b, p} G.
// Sums over blocks run in a fixed order, so results do not depend on the thread count.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace bbg {

// [sites, k^D] int64: entry (p, k) is the site p + d_k (inverse: p - d_k), sites in
// row-major order of `shape`.
at::Tensor periodic_stencil_table(const std::vector<int64_t>& shape, int64_t kernel, bool inverse);

// A ConvNd weight [O, I, k, ..., k] as the op's w [K I, O]: rows tap-major (taps in
// row-major order of the kernel window), then input channel.
at::Tensor periodic_conv_weight_matrix(const at::Tensor& weight);

// x [B, sites, I], w [K I, O] (tap-major rows), bias [O] or undefined -> [B, sites, O].
// Differentiable in x, w and bias. CPU tensors use the blocked kernel; others the
// same formula from ATen ops (index_select + addmm).
at::Tensor periodic_conv(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias,
                         const at::Tensor& table, const at::Tensor& inverse_table);

// The same formula from differentiable ATen ops only; the reference for the tests.
at::Tensor periodic_conv_reference(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias,
                                   const at::Tensor& table);

}  // namespace bbg
