// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long loops poll at
// safe points (after a block of samples or a training step); they then write a
// checkpoint and stop. A second signal restores the default action.
#pragma once
#include <stdexcept>

namespace bbg {

void install_interrupt_handler();
bool interrupt_requested();
void request_interrupt();  // for tests
void clear_interrupt();

// Thrown by long loops after they saved their state.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bbg
