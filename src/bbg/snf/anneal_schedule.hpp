// The annealing schedule of AIS / stochastic normalizing flows: K stages
//     0 = b_0 < b_1 < ... < b_K = 1,
// stage k samples (approximately) exp(-S_{b_k}) with S_b = (1 - b) S_0 + b S
// (snf/interpolated_action.hpp). R. M. Neal, Stat. Comput. 11 (2001) 125, sec. 2.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bbg {

class AnnealSchedule {
 public:
  // b must start at 0, end at 1 and increase strictly, with K = b.size() - 1 >= 1;
  // throws ConfigError (key ais.schedule) otherwise.
  explicit AnnealSchedule(std::vector<double> b);
  // b_k = k / K.
  static AnnealSchedule linear(int64_t stages);
  // b_k = (k / K)^exponent, exponent > 0 (> 1 puts more stages near the base, where
  // the weights of a wide base change fastest).
  static AnnealSchedule power(int64_t stages, double exponent);

  int64_t stages() const { return static_cast<int64_t>(b_.size()) - 1; }  // K
  double operator[](int64_t k) const { return b_[static_cast<size_t>(k)]; }
  const std::vector<double>& values() const { return b_; }

 private:
  std::vector<double> b_;
};

}  // namespace bbg
