// Progress for long loops: on a terminal a single updating line with rate and
// ETA; otherwise (logs, CI) a plain line every `log_interval` seconds.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace bbg {

struct ProgressOptions {
  bool enabled = true;
  double log_interval_seconds = 10.0;  // plain-line period when stderr is not a terminal
};

void set_global_progress_options(const ProgressOptions& options);
const ProgressOptions& global_progress_options();

class Progress {
 public:
  Progress(std::string label, int64_t total, std::string unit = "it");
  ~Progress();
  void update(int64_t done, const std::string& extra = "");
  void finish(const std::string& extra = "");

 private:
  void print(int64_t done, const std::string& extra, bool final);
  std::string label_, unit_;
  int64_t total_;
  bool tty_, enabled_, finished_ = false;
  double interval_;
  std::chrono::steady_clock::time_point start_, last_;
};

std::string format_duration(double seconds);

}  // namespace bbg
