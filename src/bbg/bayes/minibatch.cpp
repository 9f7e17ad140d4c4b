#include "bbg/bayes/minibatch.hpp"

#include <numeric>
#include <stdexcept>
#include <utility>

#include "bbg/core/rng.hpp"

namespace bbg::bayes {

MinibatchSchedule::MinibatchSchedule(int64_t data_size, int64_t batch_size, bool independent)
    : data_size_(data_size), batch_size_(batch_size), independent_(independent) {
  if (data_size < 1 || batch_size < 1 || batch_size > data_size)
    throw std::invalid_argument("minibatch: need 1 <= batch size (" + std::to_string(batch_size) +
                                ") <= number of data (" + std::to_string(data_size) + ")");
  permutation_.resize(data_size);
  std::iota(permutation_.begin(), permutation_.end(), int64_t{0});
}

void MinibatchSchedule::next(Rng& rng) {
  if (full_batch()) return;
  if (independent_) {
    // Places 0..n-1 get a uniform random n-subset of the permutation in random order.
    for (int64_t i = 0; i < batch_size_; ++i) {
      const auto j = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(data_size_ - i)));
      std::swap(permutation_[i], permutation_[j]);
    }
    position_ = 0;
    started_ = true;
    return;
  }
  if (started_) position_ += batch_size_;
  started_ = true;
  if (position_ == 0 || position_ + batch_size_ > data_size_) {
    // Fisher-Yates: for i = N-1 .. 1 swap element i with a uniform j in [0, i].
    for (int64_t i = data_size_ - 1; i > 0; --i) {
      const auto j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i + 1)));
      std::swap(permutation_[i], permutation_[j]);
    }
    position_ = 0;
  }
}

void MinibatchSchedule::restore(const State& state) {
  if (static_cast<int64_t>(state.permutation.size()) != data_size_ || state.position < 0 ||
      state.position + batch_size_ > data_size_)
    throw std::invalid_argument("minibatch: checkpointed schedule does not match the data and batch sizes");
  permutation_ = state.permutation;
  position_ = state.position;
  started_ = state.started;
}

}  // namespace bbg::bayes
