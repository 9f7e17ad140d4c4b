// Running mean and variance of vectors by Welford's update (Welford,
// Technometrics 4 (1962) 419): n += 1; d = x - mean; mean += d / n;
// m2 += d (x - mean); sample variance = m2 / (n - 1).
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace bbg {

class WelfordVariance {
 public:
  explicit WelfordVariance(int64_t size = 0) : mean_(size, 0.0), m2_(size, 0.0) {}
  void add(const double* x) {
    n_ += 1;
    for (size_t i = 0; i < mean_.size(); ++i) {
      const double d = x[i] - mean_[i];
      mean_[i] += d / static_cast<double>(n_);
      m2_[i] += d * (x[i] - mean_[i]);
    }
  }
  void restart() {
    n_ = 0;
    std::fill(mean_.begin(), mean_.end(), 0.0);
    std::fill(m2_.begin(), m2_.end(), 0.0);
  }
  int64_t count() const { return n_; }
  const std::vector<double>& mean() const { return mean_; }
  std::vector<double> variance() const {  // needs count() >= 2
    std::vector<double> v(m2_.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] = m2_[i] / static_cast<double>(n_ - 1);
    return v;
  }
  // Plain state for checkpoints: {n, mean..., m2...}.
  std::vector<double> state() const;
  void restore(const std::vector<double>& s);

 private:
  int64_t n_ = 0;
  std::vector<double> mean_, m2_;
};

inline std::vector<double> WelfordVariance::state() const {
  std::vector<double> s = {static_cast<double>(n_)};
  s.insert(s.end(), mean_.begin(), mean_.end());
  s.insert(s.end(), m2_.begin(), m2_.end());
  return s;
}

inline void WelfordVariance::restore(const std::vector<double>& s) {
  const size_t n = (s.size() - 1) / 2;
  n_ = static_cast<int64_t>(s[0]);
  mean_.assign(s.begin() + 1, s.begin() + 1 + n);
  m2_.assign(s.begin() + 1 + n, s.end());
}

}  // namespace bbg
