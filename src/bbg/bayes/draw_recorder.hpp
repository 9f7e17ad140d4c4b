// What RecordingChains keeps of every stored posterior draw theta: a fixed-size
// record of doubles computed from theta (a log posterior, predictions, a model's
// free-energy estimate, ...). DrawEvaluator (network regression and classification)
// and GeneratorDrawRecorder (density models of a target) implement it.
#pragma once
#include <cstdint>

namespace bbg::bayes {

class DrawRecorder {
 public:
  virtual ~DrawRecorder() = default;
  virtual int64_t record_size() const = 0;
  // Fills record[0 .. record_size()); called from one thread at a time.
  virtual void evaluate(const double* theta, double* record) const = 0;
};

}  // namespace bbg::bayes
