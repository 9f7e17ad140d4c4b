// A ChainSet decorator that keeps, for every stored draw of the chains it wraps,
// the DrawRecorder's record (log posterior, log likelihood, held-out predictions)
// and every `weight_thin`-th draw of theta itself. What it keeps is part of its
// checkpoint, so a resumed run holds the draws made before the interruption
// (run_chains delivers each block once, before it saves the checkpoint).
#pragma once
#include <cstdint>
#include <vector>

#include "bbg/sampler/chain_driver.hpp"

namespace bbg::bayes {

class DrawRecorder;

class RecordingChains : public ChainSet {
 public:
  RecordingChains(ChainSet& inner, const DrawRecorder& evaluator, int64_t weight_thin);

  int64_t chains() const override { return inner_.chains(); }
  int64_t event_size() const override { return inner_.event_size(); }
  void warmup_transition(int64_t chain, int64_t iteration) override { inner_.warmup_transition(chain, iteration); }
  void end_warmup() override { inner_.end_warmup(); }
  void transition(int64_t chain) override { inner_.transition(chain); }
  void write(int64_t chain, double* out) const override { inner_.write(chain, out); }
  void save(io::Checkpoint& checkpoint) const override;
  void restore(const io::Checkpoint& checkpoint) override;

  // The block handler for run_chains: evaluates and keeps the block's draws.
  void record(int64_t first, int64_t count, const std::vector<double>& data);

  int64_t record_size() const { return record_size_; }
  int64_t weight_thin() const { return weight_thin_; }
  // [chain] -> draws x record_size() doubles, and thinned draws x event_size().
  const std::vector<std::vector<double>>& records() const { return records_; }
  const std::vector<std::vector<double>>& weights() const { return weights_; }
  int64_t draws() const;  // per chain

 private:
  ChainSet& inner_;
  const DrawRecorder& evaluator_;
  int64_t weight_thin_, record_size_;
  std::vector<std::vector<double>> records_, weights_;
};

}  // namespace bbg::bayes
