#include "bbg/targets/tensor_potential.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "bbg/targets/target.hpp"

namespace bbg {
namespace {

class TensorPotential : public Potential {
 public:
  explicit TensorPotential(const Target& target) : target_(target), shape_({1}) {
    for (int64_t l : target.event_shape()) shape_.push_back(l);
  }
  int64_t size() const override { return target_.event_size(); }
  double value(const double* x) const override {
    return target_.action(wrap(x)).item<double>();
  }
  void gradient(const double* x, double* g) const override {
    at::Tensor f = target_.force(wrap(x).clone()).contiguous();
    std::copy(f.data_ptr<double>(), f.data_ptr<double>() + size(), g);
  }

 private:
  at::Tensor wrap(const double* x) const {
    return at::from_blob(const_cast<double*>(x), shape_, at::kDouble);
  }
  const Target& target_;
  std::vector<int64_t> shape_;
};

}  // namespace

std::unique_ptr<Potential> make_tensor_potential(const Target& target) {
  return std::make_unique<TensorPotential>(target);
}

}  // namespace bbg
