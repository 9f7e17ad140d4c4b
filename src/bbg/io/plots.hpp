// PNG plots of a run directory (training.png, magnetization.png, weights.png),
// drawn by scripts/plot_run.py, which is embedded into the binary at build time
// and run with a system Python 3 that has matplotlib and h5py. Plotting is an
// extra: nothing here throws; a missing interpreter or module is reported in
// PlotOutcome::message for the caller to print as a warning.
#pragma once
#include <string>
#include <vector>

namespace bbg::io {

struct PlotOutcome {
  bool ran = false;                  // the script ran and exited 0
  std::vector<std::string> written;  // PNG file names (not paths) written into run_dir
  std::string message;               // script output ("wrote X" / "skipped X: why"), or why it did not run
};

// Plots whatever inputs exist in run_dir. Interpreters tried in order:
// /usr/bin/python3, then each python3 on PATH; the first that can
// `import matplotlib, h5py, numpy` runs the script.
PlotOutcome make_plots(const std::string& run_dir);

// Same with an explicit list of interpreters to try (tests; custom installs).
PlotOutcome make_plots(const std::string& run_dir, const std::vector<std::string>& interpreters);

// The embedded script text (what make_plots runs).
const char* plot_script();

}  // namespace bbg::io
