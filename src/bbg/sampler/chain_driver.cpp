#include "bbg/sampler/chain_driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>

#include "bbg/core/errors.hpp"
#include "bbg/core/interrupt.hpp"
#include "bbg/core/progress.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/core/threads.hpp"
#include "bbg/io/checkpoint.hpp"

namespace bbg {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// What must match for a checkpoint to belong to this run.
std::vector<int64_t> run_shape(const ChainSet& set, const DriverSettings& s) {
  return {set.chains(), set.event_size(), s.warmup, s.samples, s.thin};
}

struct Position {
  int64_t warmup_done = 0, samples_done = 0;
  bool warmup_finished = false;
};

void save_position(const ChainSet& set, const DriverSettings& s, const Position& pos) {
  if (s.checkpoint.empty()) return;
  io::Checkpoint ck;
  set.save(ck);
  ck.put_int64s("driver.shape", run_shape(set, s));
  ck.put_int64s("driver.position", {pos.warmup_done, pos.samples_done, pos.warmup_finished ? 1 : 0});
  ck.save(s.checkpoint);
}

Position resume_position(ChainSet& set, const DriverSettings& s) {
  if (s.checkpoint.empty() || !std::filesystem::exists(s.checkpoint)) return {};
  const io::Checkpoint ck = io::Checkpoint::load(s.checkpoint);
  if (ck.get_int64s("driver.shape") != run_shape(set, s))
    throw UserError("checkpoint " + s.checkpoint + " belongs to another run (chains, size, warm-up, samples or thin differ)");
  set.restore(ck);
  const auto p = ck.get_int64s("driver.position");
  return {p.at(0), p.at(1), p.at(2) != 0};
}

}  // namespace

int64_t automatic_block(int64_t chains, int64_t samples, int64_t event_size) {
  const int64_t by_memory = std::max<int64_t>(1, (int64_t{1} << 22) / std::max<int64_t>(1, chains * event_size));
  return std::max<int64_t>(1, std::min({samples, by_memory, int64_t{1000}}));
}

DriverTimes run_chains(ChainSet& set, const DriverSettings& s, const BlockHandler& on_block) {
  const int64_t chains = set.chains(), v = set.event_size();
  Position pos = resume_position(set, s);
  DriverTimes times;

  const auto warm_start = std::chrono::steady_clock::now();
  if (!pos.warmup_finished) {
    std::optional<Progress> progress;
    if (s.progress) progress.emplace(s.label + " warm-up", s.warmup * chains, s.warmup_unit);
    const int64_t block = std::max<int64_t>(1, std::min<int64_t>(s.warmup, 100));
    while (pos.warmup_done < s.warmup) {
      const int64_t first = pos.warmup_done, count = std::min(block, s.warmup - first);
      parallel_for_each(chains, [&](int64_t c) {
        for (int64_t t = first; t < first + count; ++t) set.warmup_transition(c, t);
      });
      pos.warmup_done += count;
      if (progress) progress->update(pos.warmup_done * chains);
      if (pos.warmup_done < s.warmup) save_position(set, s, pos);
      if (interrupt_requested())
        throw Interrupted("interrupted during " + s.label + " warm-up; " +
                          (s.checkpoint.empty() ? "no result was written" : "checkpoint " + s.checkpoint + " saved"));
    }
    if (progress) progress->finish();
    set.end_warmup();
    pos.warmup_finished = true;
    save_position(set, s, pos);
  }
  times.warmup_seconds = seconds_since(warm_start);

  const auto start = std::chrono::steady_clock::now();
  const int64_t block = s.block > 0 ? s.block : automatic_block(chains, s.samples, v);
  std::optional<Progress> progress;
  if (s.progress) progress.emplace(s.label, s.samples * chains, "samples");
  std::vector<double> buffer;
  while (pos.samples_done < s.samples) {
    const int64_t first = pos.samples_done, count = std::min(block, s.samples - first);
    buffer.resize(static_cast<size_t>(chains * count * v));
    parallel_for_each(chains, [&](int64_t c) {
      double* out = buffer.data() + c * count * v;
      for (int64_t t = 0; t < count; ++t) {
        for (int64_t k = 0; k < s.thin; ++k) set.transition(c);
        set.write(c, out + t * v);
      }
    });
    if (on_block) on_block(first, count, buffer);
    pos.samples_done += count;
    save_position(set, s, pos);
    if (progress) progress->update(pos.samples_done * chains);
    if (interrupt_requested())
      throw Interrupted("interrupted during " + s.label + "; " +
                        (s.checkpoint.empty() ? "no result was written" : "checkpoint " + s.checkpoint + " saved"));
  }
  if (progress) progress->finish();
  times.seconds = seconds_since(start);
  return times;
}

void save_rng(io::Checkpoint& checkpoint, const std::string& key, const Rng& rng) {
  const Rng::Snapshot snap = rng.snapshot();
  std::vector<int64_t> words(4);
  std::memcpy(words.data(), snap.words.data(), sizeof snap.words);
  words.push_back(snap.has_spare ? 1 : 0);
  checkpoint.put_int64s(key + ".words", words);
  checkpoint.put_doubles(key + ".spare", {snap.spare});
}

void restore_rng(const io::Checkpoint& checkpoint, const std::string& key, Rng& rng) {
  const std::vector<int64_t> words = checkpoint.get_int64s(key + ".words");
  Rng::Snapshot snap{};
  std::memcpy(snap.words.data(), words.data(), sizeof snap.words);
  snap.has_spare = words.at(4) != 0;
  snap.spare = checkpoint.get_doubles(key + ".spare").at(0);
  rng.restore(snap);
}

}  // namespace bbg
