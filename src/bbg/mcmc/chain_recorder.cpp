#include "bbg/mcmc/chain_recorder.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "bbg/targets/target.hpp"

namespace bbg {

ChainRecorder::ChainRecorder(const Target& target, int64_t chains, int64_t samples, ConfigurationSink sink)
    : target_(target), sink_(std::move(sink)) {
  record_.chains = chains;
  record_.samples = samples;
  for (const auto& p : target.primaries())
    record_.series[p.name].assign(chains, std::vector<double>(static_cast<size_t>(samples)));
}

void ChainRecorder::record(int64_t first, int64_t count, const std::vector<double>& data) {
  const int64_t chains = record_.chains;
  std::vector<int64_t> batch_shape = {chains * count};
  for (int64_t l : target_.event_shape()) batch_shape.push_back(l);
  at::Tensor x = at::from_blob(const_cast<double*>(data.data()), batch_shape, at::kDouble);
  for (auto& [name, values] : target_.measure(x)) {
    at::Tensor col = values.to(at::kDouble).contiguous();
    const double* d = col.data_ptr<double>();
    auto& per_chain = record_.series.at(name);
    for (int64_t c = 0; c < chains; ++c) std::copy(d + c * count, d + (c + 1) * count, per_chain[c].begin() + first);
  }
  if (sink_) sink_(first, count, data);
}

}  // namespace bbg
