#include "bbg/bayes/recording_chains.hpp"

#include <stdexcept>
#include <string>

#include "bbg/bayes/draw_recorder.hpp"
#include "bbg/io/checkpoint.hpp"

namespace bbg::bayes {

RecordingChains::RecordingChains(ChainSet& inner, const DrawRecorder& evaluator, int64_t weight_thin)
    : inner_(inner),
      evaluator_(evaluator),
      weight_thin_(weight_thin),
      record_size_(evaluator.record_size()),
      records_(static_cast<size_t>(inner.chains())),
      weights_(static_cast<size_t>(inner.chains())) {
  if (weight_thin < 1)
    throw std::invalid_argument("bayes.weight_thin = " + std::to_string(weight_thin) + ": must be >= 1");
}

int64_t RecordingChains::draws() const {
  return records_.empty() ? 0 : static_cast<int64_t>(records_[0].size()) / record_size_;
}

void RecordingChains::record(int64_t first, int64_t count, const std::vector<double>& data) {
  const int64_t v = event_size();
  std::vector<double> rec(record_size_);
  for (int64_t c = 0; c < chains(); ++c) {
    for (int64_t t = 0; t < count; ++t) {
      const double* theta = data.data() + (c * count + t) * v;
      evaluator_.evaluate(theta, rec.data());
      records_[c].insert(records_[c].end(), rec.begin(), rec.end());
      if ((first + t) % weight_thin_ == 0) weights_[c].insert(weights_[c].end(), theta, theta + v);
    }
  }
}

void RecordingChains::save(io::Checkpoint& ck) const {
  inner_.save(ck);
  for (size_t c = 0; c < records_.size(); ++c) {
    ck.put_doubles("records." + std::to_string(c), records_[c]);
    ck.put_doubles("weights." + std::to_string(c), weights_[c]);
  }
}

void RecordingChains::restore(const io::Checkpoint& ck) {
  inner_.restore(ck);
  for (size_t c = 0; c < records_.size(); ++c) {
    records_[c] = ck.get_doubles("records." + std::to_string(c));
    weights_[c] = ck.get_doubles("weights." + std::to_string(c));
  }
}

}  // namespace bbg::bayes
