#include "bbg/mcmc/chain_record.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/targets/target.hpp"

namespace bbg {

int64_t automatic_block(int64_t chains, int64_t samples, int64_t event_size) {
  // About 4 M doubles (32 MB) of configurations per block, at most 1000 samples.
  const int64_t by_memory = std::max<int64_t>(1, (int64_t{1} << 22) / std::max<int64_t>(1, chains * event_size));
  return std::max<int64_t>(1, std::min({samples, by_memory, int64_t{1000}}));
}

ChainRecord run_blocks(const Target& target, const BlockSchedule& schedule, const ChainAdvance& advance,
                       const ConfigurationSink& sink) {
  const int64_t chains = schedule.chains, samples = schedule.samples, v = target.event_size();
  const int64_t block = schedule.block > 0 ? schedule.block : automatic_block(chains, samples, v);
  ChainRecord record;
  record.chains = chains;
  record.samples = samples;
  for (const auto& p : target.primaries())
    record.series[p.name].assign(chains, std::vector<double>(static_cast<size_t>(samples)));

  std::vector<double> buffer;
  Progress progress(schedule.label, samples * chains, "samples");
  for (int64_t first = 0; first < samples; first += block) {
    const int64_t count = std::min(block, samples - first);
    buffer.resize(static_cast<size_t>(chains * count * v));
    parallel_for_each(chains, [&](int64_t c) { advance(c, count, buffer.data() + c * count * v); });

    std::vector<int64_t> batch_shape = {chains * count};
    for (int64_t l : target.event_shape()) batch_shape.push_back(l);
    at::Tensor x = at::from_blob(buffer.data(), batch_shape, at::kDouble);
    for (auto& [name, values] : target.measure(x)) {
      at::Tensor col = values.to(at::kDouble).contiguous();
      const double* d = col.data_ptr<double>();
      auto& per_chain = record.series.at(name);
      for (int64_t c = 0; c < chains; ++c)
        std::copy(d + c * count, d + (c + 1) * count, per_chain[c].begin() + first);
    }
    if (sink) sink(first, count, buffer);
    progress.update((first + count) * chains);
    if (interrupt_requested()) throw Interrupted("interrupted during " + schedule.label + "; no result was written");
  }
  progress.finish();
  return record;
}

}  // namespace bbg
