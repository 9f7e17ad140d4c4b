#include "bbg/core/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace bbg {
namespace {
ProgressOptions g_options;
}

void set_global_progress_options(const ProgressOptions& options) { g_options = options; }
const ProgressOptions& global_progress_options() { return g_options; }

std::string format_duration(double s) {
  char buf[64];
  if (s < 0 || s != s) return "?";
  if (s < 60) std::snprintf(buf, sizeof buf, "%.1fs", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm%02ds", int(s) / 60, int(s) % 60);
  else std::snprintf(buf, sizeof buf, "%dh%02dm", int(s) / 3600, (int(s) % 3600) / 60);
  return buf;
}

Progress::Progress(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total) {
  tty_ = isatty(fileno(stderr)) != 0;
  enabled_ = g_options.enabled;
  interval_ = tty_ ? 0.2 : g_options.log_interval_seconds;
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() {
  if (!finished_ && tty_ && enabled_) std::fputs("\n", stderr);
}

void Progress::update(int64_t done, const std::string& extra) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_) return;
  last_ = now;
  print(done, extra, false);
}

void Progress::finish(const std::string& extra) {
  if (!enabled_ || finished_) return;
  finished_ = true;
  print(total_, extra, true);
}

void Progress::print(int64_t done, const std::string& extra, bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? done / elapsed : 0.0;
  double eta = rate > 0 ? (total_ - done) / rate : -1;
  double pct = total_ > 0 ? 100.0 * done / total_ : 100.0;
  char line[512];
  if (final)
    std::snprintf(line, sizeof line, "%s: %lld %s in %s (%.4g %s/s)%s%s", label_.c_str(), (long long)done,
                  unit_.c_str(), format_duration(elapsed).c_str(), rate, unit_.c_str(), extra.empty() ? "" : "  ",
                  extra.c_str());
  else
    std::snprintf(line, sizeof line, "%s: %5.1f%% %lld/%lld %s, %.4g %s/s, ETA %s%s%s", label_.c_str(), pct,
                  (long long)done, (long long)total_, unit_.c_str(), rate, unit_.c_str(),
                  format_duration(eta).c_str(), extra.empty() ? "" : "  ", extra.c_str());
  if (tty_) std::fprintf(stderr, "\r\033[K%s%s", line, final ? "\n" : "");
  else std::fprintf(stderr, "%s\n", line);
  std::fflush(stderr);
}

}  // namespace bbg
