// The base of an annealing path: a distribution q_0 = exp(-S_0) / Z_0 that can be
// sampled exactly, with its action S_0, its force dS_0/dx and ln Z_0.
//   NormalBase:  S_0 = sum_x x^2 / 2 (standard normal per site), ln Z_0 = (V/2) ln(2 pi).
//   DensityBase: a trained `Density` q (models/density.hpp): S_0 = -log q(x), ln Z_0 = 0,
//                force by autograd through log_prob.
// Tensors as in Target: x is [B, event_shape...], actions are [B], dtype double.
#pragma once
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace bbg {

class Density;

class AnnealBase {
 public:
  virtual ~AnnealBase() = default;
  virtual std::vector<int64_t> event_shape() const = 0;
  // n exact draws x ~ q_0 and S_0(x) (detached).
  virtual std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) = 0;
  virtual at::Tensor action(const at::Tensor& x) = 0;  // S_0(x), [B]
  virtual at::Tensor force(const at::Tensor& x) = 0;   // dS_0/dx, shape of x
  virtual double log_z() const = 0;                    // ln Z_0 = ln ∫ exp(-S_0)
};

class NormalBase : public AnnealBase {
 public:
  explicit NormalBase(std::vector<int64_t> event_shape);
  std::vector<int64_t> event_shape() const override { return shape_; }
  std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) override;
  at::Tensor action(const at::Tensor& x) override;
  at::Tensor force(const at::Tensor& x) override;
  double log_z() const override;

 private:
  std::vector<int64_t> shape_;
};

class DensityBase : public AnnealBase {
 public:
  // The model is put in eval mode; its parameters are not changed.
  explicit DensityBase(std::shared_ptr<Density> model);
  std::vector<int64_t> event_shape() const override;
  std::pair<at::Tensor, at::Tensor> sample(int64_t n, at::Generator& generator) override;
  at::Tensor action(const at::Tensor& x) override;
  at::Tensor force(const at::Tensor& x) override;
  double log_z() const override { return 0.0; }

 private:
  std::shared_ptr<Density> model_;
};

}  // namespace bbg
