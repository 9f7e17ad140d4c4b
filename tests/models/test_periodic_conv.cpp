// The periodic convolution op against ATen's convolutions with circular padding:
// values and all three gradients, in 1, 2 and 3 dimensions, across several row
// blocks, and independent of the thread count.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>

#include <string>

#include "bbg/models/flow/periodic_conv.hpp"

namespace bbg {
namespace {

struct ConvCase {
  std::vector<int64_t> shape;
  int64_t batch, in, out, kernel;
};

// ATen's convolution with circular padding on [B, C, shape...]: the independent reference.
at::Tensor aten_circular_conv(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  std::vector<int64_t> pad;
  for (int64_t d = 2; d < weight.dim(); ++d) pad.push_back(weight.size(d) / 2), pad.push_back(weight.size(d) / 2);
  return at::convolution(at::pad(x, pad, "circular"), weight, bias, /*stride=*/{1}, /*padding=*/{0},
                         /*dilation=*/{1}, false, {0}, 1);
}

// [B, C, shape...] <-> [B, sites, C]
at::Tensor to_channels_last(const at::Tensor& x) { return x.flatten(2).transpose(1, 2); }

struct Grads {
  at::Tensor y, dx, dw, db;
};

Grads run(const ConvCase& c, bool ours) {
  at::manual_seed(11);
  std::vector<int64_t> x_shape = {c.batch, c.in}, w_shape = {c.out, c.in};
  x_shape.insert(x_shape.end(), c.shape.begin(), c.shape.end());
  for (size_t d = 0; d < c.shape.size(); ++d) w_shape.push_back(c.kernel);
  at::Tensor x = at::randn(x_shape, at::kDouble).requires_grad_();
  at::Tensor w = at::randn(w_shape, at::kDouble).requires_grad_();
  at::Tensor b = at::randn({c.out}, at::kDouble).requires_grad_();
  at::Tensor y;
  if (ours) {
    y = periodic_conv(to_channels_last(x), periodic_conv_weight_matrix(w), b, periodic_stencil_table(c.shape, c.kernel, false),
                      periodic_stencil_table(c.shape, c.kernel, true));
  } else {
    y = to_channels_last(aten_circular_conv(x, w, b));
  }
  // A loss that weighs every output differently, so every gradient entry is tested.
  const at::Tensor probe = at::randn(y.sizes(), at::kDouble);
  (y * probe).sum().backward();
  return {y.detach(), x.grad(), w.grad(), b.grad()};
}

class PeriodicConvAgainstAten : public ::testing::TestWithParam<ConvCase> {};

TEST_P(PeriodicConvAgainstAten, ValuesAndGradientsAgree) {
  const Grads ours = run(GetParam(), true), aten = run(GetParam(), false);
  EXPECT_TRUE(at::allclose(ours.y, aten.y, 1e-12, 1e-12));
  EXPECT_TRUE(at::allclose(ours.dx, aten.dx, 1e-12, 1e-12));
  EXPECT_TRUE(at::allclose(ours.dw, aten.dw, 1e-12, 1e-11));
  EXPECT_TRUE(at::allclose(ours.db, aten.db, 1e-12, 1e-11));
}

// Rows = batch x sites; blocks hold max(32, 65536 / (k^D in)) rows, so the larger
// cases run over several blocks with a ragged last one; 150 x 64 rows of 9 x 16
// channels are 22 blocks, more than the 16 weight-gradient groups.
INSTANTIATE_TEST_SUITE_P(Shapes, PeriodicConvAgainstAten,
                         ::testing::Values(ConvCase{{6, 4}, 3, 3, 5, 3}, ConvCase{{7}, 2, 2, 3, 5},
                                           ConvCase{{4, 2, 4}, 2, 2, 2, 3}, ConvCase{{8, 8}, 150, 16, 16, 3},
                                           ConvCase{{8, 8}, 150, 1, 16, 3}, ConvCase{{2, 2}, 2, 2, 2, 3}),
                         [](const ::testing::TestParamInfo<ConvCase>& info) {
                           std::string name = "L";
                           for (int64_t l : info.param.shape) name += std::to_string(l) + "x";
                           name.back() = '_';
                           return name + "batch" + std::to_string(info.param.batch) + "_in" +
                                  std::to_string(info.param.in) + "_out" + std::to_string(info.param.out) + "_k" +
                                  std::to_string(info.param.kernel);
                         });

TEST(PeriodicConv, StencilTableWrapsAround) {
  const at::Tensor table = periodic_stencil_table({4}, 3, false), inverse = periodic_stencil_table({4}, 3, true);
  EXPECT_TRUE(at::equal(table[0], at::tensor({3, 0, 1}, at::kLong)));
  EXPECT_TRUE(at::equal(inverse[0], at::tensor({1, 0, 3}, at::kLong)));
  // 2 x 3 lattice, site (1, 2) = 5: neighbours (0..2 - 1 mod 2, 1..3 mod 3) row-major.
  EXPECT_TRUE(at::equal(periodic_stencil_table({2, 3}, 3, false)[5],
                        at::tensor({1, 2, 0, 4, 5, 3, 1, 2, 0}, at::kLong)));
}

TEST(PeriodicConv, ResultsDoNotDependOnTheThreadCount) {
  const ConvCase c{{8, 8}, 150, 16, 16, 3};
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const Grads one = run(c, true);
  at::set_num_threads(2);
  const Grads two = run(c, true);
  at::set_num_threads(threads);
  EXPECT_TRUE(at::equal(one.y, two.y));
  EXPECT_TRUE(at::equal(one.dx, two.dx));
  EXPECT_TRUE(at::equal(one.dw, two.dw));
}

TEST(PeriodicConv, ReferenceFormulaAgrees) {
  at::manual_seed(3);
  const at::Tensor x = at::randn({3, 12, 2}, at::kDouble), w = at::randn({18, 4}, at::kDouble),
                   b = at::randn({4}, at::kDouble);
  const at::Tensor table = periodic_stencil_table({4, 3}, 3, false);
  EXPECT_TRUE(at::allclose(periodic_conv(x, w, b, table, periodic_stencil_table({4, 3}, 3, true)),
                           periodic_conv_reference(x, w, b, table), 1e-13, 1e-13));
}

}  // namespace
}  // namespace bbg
