// Minibatches of n out of N data, drawn without replacement within an epoch:
// each epoch is a fresh uniform random permutation of 0..N-1 (Fisher-Yates with
// the chain's own Rng) cut into floor(N / n) consecutive batches; the N mod n
// left-over indices of an epoch are skipped (a different set each epoch). Every
// batch is marginally a uniform random n-subset, so sums scaled by N / n are
// unbiased; consecutive batches of one epoch are disjoint (not independent).
// n = N is the full batch: next() then draws nothing and the batch is 0..N-1.
//
// With independent = true every next() draws a fresh uniform n-subset, independent
// of the earlier batches (a partial Fisher-Yates shuffle of the first n places of
// the permutation): what the penalty method needs, whose m difference estimates
// must be independent for their sample variance to estimate the variance of their
// mean (disjoint batches of one epoch are negatively correlated).
#pragma once
#include <cstdint>
#include <vector>

namespace bbg {
class Rng;
}

namespace bbg::bayes {

class MinibatchSchedule {
 public:
  // 1 <= batch_size <= data_size (std::invalid_argument otherwise).
  MinibatchSchedule(int64_t data_size, int64_t batch_size, bool independent = false);
  int64_t data_size() const { return data_size_; }
  int64_t batch_size() const { return batch_size_; }
  bool full_batch() const { return batch_size_ == data_size_; }
  bool independent() const { return independent_; }

  // Moves to the next batch (a new epoch, i.e. a new permutation, when the current
  // one has fewer than n indices left). Before the first call the batch is 0..n-1.
  void next(Rng& rng);
  // The current batch: batch_size() indices into the data.
  const int64_t* indices() const { return permutation_.data() + position_; }

  // Everything next() reads, for checkpoints: the permutation and the position in it.
  struct State {
    std::vector<int64_t> permutation;
    int64_t position = 0;
    bool started = false;  // whether next() has been called
  };
  State state() const { return {permutation_, position_, started_}; }
  void restore(const State& state);  // std::invalid_argument on a state of other sizes

 private:
  int64_t data_size_, batch_size_;
  std::vector<int64_t> permutation_;
  int64_t position_ = 0;
  bool started_ = false;
  bool independent_ = false;
};

}  // namespace bbg::bayes
