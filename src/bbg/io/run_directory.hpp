// The output directory of one run: created on demand, refuses to overwrite a
// finished run (one holding summary.json) unless forced, writes files
// atomically, and writes summary.json last so its presence means "finished".
#pragma once
#include <string>
#include <utility>

namespace bbg::io {

class RunDirectory {
 public:
  // Creates `dir` (and parents). If it already holds summary.json:
  //   !force -> bbg::UserError (a finished run is never overwritten silently);
  //   force  -> summary.json and every *.h5 are deleted first, so nothing stale
  //             looks like a result.
  // `resume` keeps the other files (checkpoints) for the caller to pick up; a
  // finished run still needs `force`. Leftover *.partial / *.tmp.* files from a
  // crashed run are removed. bbg::UserError if `dir` exists and is not a directory.
  static RunDirectory prepare(const std::string& dir, bool force, bool resume = false);

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;  // path() + "/" + name
  bool finished() const;                            // summary.json exists

  void write_text(const std::string& name, const std::string& text);  // atomic
  // Writes summary.json atomically; call it last, after every result file is committed.
  void mark_finished(const std::string& summary_json_text);
  // Deletes *.partial and *.tmp.* files directly in the directory.
  void remove_partial_files();

 private:
  explicit RunDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// "runs/<config stem>" (or "runs/default" for config_path == ""), with
// "-<command>" appended when command is neither "run" nor empty.
std::string default_run_dir(const std::string& config_path, const std::string& command);

}  // namespace bbg::io
