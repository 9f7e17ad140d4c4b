#include "bbg/io/run_directory.hpp"

#include <filesystem>
#include <system_error>
#include <vector>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"

namespace bbg::io {
namespace fs = std::filesystem;

namespace {

const char* const kSummary = "summary.json";

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void remove_or_throw(const fs::path& p, const std::string& dir) {
  std::error_code ec;
  fs::remove(p, ec);
  if (ec) throw UserError("cannot remove " + p.string() + " in " + dir + ": " + ec.message());
}

}  // namespace

RunDirectory RunDirectory::prepare(const std::string& dir, bool force, bool resume) {
  if (dir.empty()) throw UserError("output directory name is empty");
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) {
      throw UserError(dir + " exists and is not a directory; pass --out DIR for another directory");
    }
  } else {
    fs::create_directories(dir, ec);
    if (ec) throw UserError("cannot create output directory " + dir + ": " + ec.message());
  }
  RunDirectory rd(dir);
  if (rd.finished()) {
    if (!force) {
      if (resume) {
        throw UserError(dir + " already holds a finished run (summary.json); nothing to resume; pass "
                              "--force to overwrite or --out DIR for another directory");
      }
      throw UserError(dir + " already holds a finished run (summary.json); pass --force to overwrite "
                            "or --out DIR for another directory");
    }
  }
  if (force) {
    // summary.json first: once it is gone nothing here claims to be a finished result.
    remove_or_throw(fs::path(dir) / kSummary, dir);
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".h5") stale.push_back(it->path());
    }
    if (ec) throw UserError("cannot list output directory " + dir + ": " + ec.message());
    for (const auto& p : stale) remove_or_throw(p, dir);
  }
  rd.remove_partial_files();
  return rd;
}

std::string RunDirectory::file(const std::string& name) const {
  return (fs::path(path_) / name).string();
}

bool RunDirectory::finished() const {
  std::error_code ec;
  return fs::exists(fs::path(path_) / kSummary, ec);
}

void RunDirectory::write_text(const std::string& name, const std::string& text) {
  write_file_atomic(file(name), text);
}

void RunDirectory::mark_finished(const std::string& summary_json_text) {
  write_file_atomic(file(kSummary), summary_json_text);
}

void RunDirectory::remove_partial_files() {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (fs::directory_iterator it(path_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    if (!it->is_regular_file(ec2)) continue;
    const std::string name = it->path().filename().string();
    if (ends_with(name, ".partial") || name.find(".tmp.") != std::string::npos) {
      doomed.push_back(it->path());
    }
  }
  if (ec) throw UserError("cannot list output directory " + path_ + ": " + ec.message());
  for (const auto& p : doomed) remove_or_throw(p, path_);
}

std::string default_run_dir(const std::string& config_path, const std::string& command) {
  std::string stem = config_path.empty() ? std::string() : fs::path(config_path).stem().string();
  if (stem.empty()) stem = "default";
  std::string out = "runs/" + stem;
  if (!command.empty() && command != "run") out += "-" + command;
  return out;
}

}  // namespace bbg::io
