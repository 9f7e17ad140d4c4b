#include "bbg/sampler/windowed_adaptation.hpp"

namespace bbg {

WindowedAdaptation::WindowedAdaptation(int64_t size, WindowedAdaptationSettings settings)
    : s_(settings), estimator_(size), inverse_mass_(size, 1.0) {
  if (s_.warmup < 20) {
    enabled_ = false;
  } else if (s_.init_buffer + s_.base_window + s_.term_buffer > s_.warmup) {
    s_.init_buffer = static_cast<int64_t>(0.15 * static_cast<double>(s_.warmup));
    s_.term_buffer = static_cast<int64_t>(0.1 * static_cast<double>(s_.warmup));
    s_.base_window = s_.warmup - (s_.init_buffer + s_.term_buffer);
  }
  window_size_ = s_.base_window;
  next_window_ = s_.init_buffer + window_size_ - 1;
}

bool WindowedAdaptation::in_window() const {
  return enabled_ && counter_ >= s_.init_buffer && counter_ < s_.warmup - s_.term_buffer && counter_ != s_.warmup;
}

bool WindowedAdaptation::end_of_window() const {
  return enabled_ && counter_ == next_window_ && counter_ != s_.warmup;
}

void WindowedAdaptation::compute_next_window() {
  const int64_t last = s_.warmup - s_.term_buffer - 1;
  if (next_window_ == last) return;
  window_size_ *= 2;
  next_window_ = counter_ + window_size_;
  if (next_window_ != last && next_window_ + 2 * window_size_ >= s_.warmup - s_.term_buffer) next_window_ = last;
}

bool WindowedAdaptation::learn(const double* q) {
  if (in_window()) estimator_.add(q);
  if (end_of_window()) {
    compute_next_window();
    const double n = static_cast<double>(estimator_.count());
    const std::vector<double> var = estimator_.variance();
    for (size_t i = 0; i < var.size(); ++i) inverse_mass_[i] = (n / (n + 5.0)) * var[i] + 1e-3 * (5.0 / (n + 5.0));
    estimator_.restart();
    ++counter_;
    return true;
  }
  ++counter_;
  return false;
}

std::vector<double> WindowedAdaptation::state() const {
  std::vector<double> s = {static_cast<double>(counter_), static_cast<double>(window_size_),
                           static_cast<double>(next_window_)};
  s.insert(s.end(), inverse_mass_.begin(), inverse_mass_.end());
  const std::vector<double> e = estimator_.state();
  s.insert(s.end(), e.begin(), e.end());
  return s;
}

void WindowedAdaptation::restore(const std::vector<double>& s) {
  const size_t n = inverse_mass_.size();
  counter_ = static_cast<int64_t>(s[0]);
  window_size_ = static_cast<int64_t>(s[1]);
  next_window_ = static_cast<int64_t>(s[2]);
  inverse_mass_.assign(s.begin() + 3, s.begin() + 3 + static_cast<std::ptrdiff_t>(n));
  estimator_.restore(std::vector<double>(s.begin() + 3 + static_cast<std::ptrdiff_t>(n), s.end()));
}

}  // namespace bbg
