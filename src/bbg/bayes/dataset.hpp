// Data for the weight posterior: a table of N rows with d input columns and k
// target columns (k = 0 for a density model), read from
//   CSV:  a header row of column names, then one row of numbers per datum; columns
//         are selected by name (inputs = ["x1", "x2"], targets = ["y"]). Fields are
//         separated by ',', surrounding blanks are ignored, blank lines and lines
//         starting with '#' are skipped; a cell must be a finite decimal number
//         (no NaN, Inf, hex or empty cells).
//   HDF5: named datasets, each [N] (one column, named as the dataset) or [N, c]
//         (c columns "name[0]" .. "name[c-1]"); integer datasets are read as doubles.
// Bad data are a bbg::UserError (the CLI's exit code 2) naming the file, the line
// (CSV, 1-based) or row (HDF5, 1-based) and column, and what is wrong.
// A held-out part (for predictive checks) is a random fraction of the rows (seeded),
// the last K rows, or a separate file with the same columns.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace bbg::bayes {

struct Dataset {
  std::string source;                                  // the file
  int64_t rows = 0;                                    // N
  std::vector<std::string> input_names, target_names;  // one per column
  std::vector<double> inputs;                          // [N][d], row-major
  std::vector<double> targets;                         // [N][k], row-major
  // Where each row came from, 1-based: its line in a CSV file, its row in HDF5.
  std::vector<int64_t> origin;
  bool origin_is_line = true;

  int64_t input_dim() const { return static_cast<int64_t>(input_names.size()); }
  int64_t target_dim() const { return static_cast<int64_t>(target_names.size()); }
  std::string where(int64_t row) const;  // "line 17" (CSV) or "row 17" (HDF5)
  Dataset subset(const std::vector<int64_t>& rows) const;  // these rows, in this order
};

// [N, d] and [N, k] double tensors (copies).
at::Tensor input_tensor(const Dataset& data);
at::Tensor target_tensor(const Dataset& data);

// At least one input; the targets may be empty (density models); no name twice.
Dataset load_csv(const std::string& path, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& targets);
Dataset load_hdf5(const std::string& path, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& targets);
// By the file's extension: .csv, or .h5 / .hdf5 / .hdf; UserError otherwise.
Dataset load_dataset(const std::string& path, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& targets);

// Class labels: one target column whose every value is an integer in 0 .. classes - 1
// (2 for Bernoulli); UserError naming the file, line / row, column and value otherwise.
void check_class_labels(const Dataset& data, int64_t classes);

// The [data] section (docs/bayes.md). At most one of held_out_fraction, held_out_last,
// held_out_file is set.
struct DataSettings {
  std::string file;
  std::vector<std::string> inputs, targets;
  double held_out_fraction = 0.0;  // in [0, 1): this fraction of the rows (rounded), drawn at random
  int64_t held_out_last = 0;       // >= 0: the last K rows
  std::string held_out_file;       // a second file with the same columns
  uint64_t seed = 1;               // of the random split
  int64_t classes = 0;             // > 0: check_class_labels(classes) on both parts
};

struct DataSplit {
  Dataset train, held_out;  // held_out.rows = 0 when none is asked for
};

// Rows keep their file order within each part. bbg::ConfigError (key "data.held_out",
// "data.held_out_file", ...) for settings that are not allowed, including a split
// that leaves no row in either part; bbg::UserError for bad data.
DataSplit split_held_out(const Dataset& all, const DataSettings& settings);
DataSplit load_data(const DataSettings& settings);

}  // namespace bbg::bayes
