#include "bbg/core/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace bbg {
namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int sig) {
  if (g_interrupted.exchange(true)) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}
}  // namespace

void install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}
bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void request_interrupt() { g_interrupted = true; }
void clear_interrupt() { g_interrupted = false; }

}  // namespace bbg
