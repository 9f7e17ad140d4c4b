// Whole-file reads and crash-safe whole-file writes: write_file_atomic writes
// a temporary sibling, fsyncs it, renames it over the target and fsyncs the
// directory, so readers only ever see the old or the new content.
#pragma once
#include <string>

namespace bbg::io {

// Writes `content` to `path` atomically via "<path>.tmp.<pid>".
// Throws bbg::UserError naming the file if any step fails (the temporary is removed).
void write_file_atomic(const std::string& path, const std::string& content);

// Returns the whole content of `path`; bbg::UserError if it cannot be read.
std::string read_file(const std::string& path);

// fsyncs the directory holding `path` (best effort; used after renames).
void fsync_parent_directory(const std::string& path);

}  // namespace bbg::io
