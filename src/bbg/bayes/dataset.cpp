#include "bbg/bayes/dataset.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bbg/core/errors.hpp"
#include "bbg/core/rng.hpp"
#include "bbg/io/h5_writer.hpp"

namespace bbg::bayes {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    const size_t comma = line.find(',', pos);
    out.push_back(trim(line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos)));
    if (comma == std::string::npos) return out;
    pos = comma + 1;
  }
}

std::string unquote(const std::string& s) {
  return s.size() >= 2 && s.front() == '"' && s.back() == '"' ? trim(s.substr(1, s.size() - 2)) : s;
}

// Strict decimal number: only digits, sign, '.', 'e' / 'E', all consumed by strtod, finite.
// Returns "" on success, else the reason.
std::string parse_number(const std::string& cell, double* value) {
  if (cell.empty()) return "empty cell";
  std::string lower(cell);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string bare = lower[0] == '+' || lower[0] == '-' ? lower.substr(1) : lower;
  if (bare == "nan" || bare == "inf" || bare == "infinity") return "'" + cell + "' is NaN or Inf (not allowed)";
  const bool charset = cell.find_first_not_of("0123456789+-.eE") == std::string::npos;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(cell.c_str(), &end);
  if (!charset || end != cell.c_str() + cell.size()) return "cannot parse '" + cell + "' as a number";
  if (!std::isfinite(v)) return "'" + cell + "' is out of range (Inf; not allowed)";
  *value = v;
  return "";
}

void check_names(const std::string& path, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& targets) {
  if (inputs.empty()) throw UserError(path + ": no input columns selected (data.inputs is empty)");
  std::set<std::string> seen;
  for (const auto* list : {&inputs, &targets})
    for (const auto& n : *list)
      if (!seen.insert(n).second) throw UserError(path + ": column '" + n + "' is selected twice");
}

std::vector<std::string> concat(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out(a);
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::string extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string e = path.substr(dot + 1);
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

}  // namespace

std::string Dataset::where(int64_t row) const {
  return (origin_is_line ? "line " : "row ") + std::to_string(origin.at(row));
}

Dataset Dataset::subset(const std::vector<int64_t>& rows_wanted) const {
  Dataset out;
  out.source = source;
  out.input_names = input_names;
  out.target_names = target_names;
  out.origin_is_line = origin_is_line;
  out.rows = static_cast<int64_t>(rows_wanted.size());
  const int64_t d = input_dim(), k = target_dim();
  for (const int64_t r : rows_wanted) {
    if (r < 0 || r >= rows) throw std::out_of_range("Dataset::subset: row " + std::to_string(r) + " of " + source);
    out.inputs.insert(out.inputs.end(), inputs.begin() + r * d, inputs.begin() + (r + 1) * d);
    out.targets.insert(out.targets.end(), targets.begin() + r * k, targets.begin() + (r + 1) * k);
    out.origin.push_back(origin[r]);
  }
  return out;
}

at::Tensor input_tensor(const Dataset& data) {
  return torch::tensor(data.inputs, torch::kDouble).reshape({data.rows, data.input_dim()});
}

at::Tensor target_tensor(const Dataset& data) {
  if (data.targets.empty()) return torch::zeros({data.rows, data.target_dim()}, torch::kDouble);
  return torch::tensor(data.targets, torch::kDouble).reshape({data.rows, data.target_dim()});
}

// ------------------------------------------------------------------ CSV

Dataset load_csv(const std::string& path, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& targets) {
  check_names(path, inputs, targets);
  std::ifstream in(path);
  if (!in) throw UserError(path + ": cannot open the data file");
  std::string line;
  int64_t line_no = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    for (const auto& f : split_fields(t)) header.push_back(unquote(f));
    break;
  }
  if (header.empty()) throw UserError(path + ": empty file (no header row of column names)");
  std::map<std::string, size_t> column;
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty())
      throw UserError(path + ": line " + std::to_string(line_no) + ": column " + std::to_string(c + 1) +
                      " of the header has no name");
    if (!column.emplace(header[c], c).second)
      throw UserError(path + ": line " + std::to_string(line_no) + ": column name '" + header[c] +
                      "' appears twice in the header");
  }
  const std::vector<std::string> wanted = concat(inputs, targets);
  std::vector<size_t> index;
  for (const auto& name : wanted) {
    const auto it = column.find(name);
    if (it == column.end())
      throw UserError(path + ": no column '" + name + "' (the columns are: " + join(header) + ")");
    index.push_back(it->second);
  }
  Dataset out;
  out.source = path;
  out.input_names = inputs;
  out.target_names = targets;
  out.origin_is_line = true;
  const size_t d = inputs.size();
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::vector<std::string> fields = split_fields(t);
    if (fields.size() != header.size())
      throw UserError(path + ": line " + std::to_string(line_no) + ": ragged row: expected " +
                      std::to_string(header.size()) + " fields (as in the header), got " +
                      std::to_string(fields.size()));
    for (size_t j = 0; j < wanted.size(); ++j) {
      double v = 0.0;
      const std::string why = parse_number(fields[index[j]], &v);
      if (!why.empty())
        throw UserError(path + ": line " + std::to_string(line_no) + ", column '" + wanted[j] + "': " + why);
      (j < d ? out.inputs : out.targets).push_back(v);
    }
    out.origin.push_back(line_no);
    ++out.rows;
  }
  if (in.bad()) throw UserError(path + ": read error after line " + std::to_string(line_no));
  if (out.rows == 0) throw UserError(path + ": no data rows after the header");
  return out;
}

// ------------------------------------------------------------------ HDF5

Dataset load_hdf5(const std::string& path, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& targets) {
  check_names(path, inputs, targets);
  const io::H5Reader reader(path);  // UserError if missing or not HDF5
  const std::vector<std::string> wanted = concat(inputs, targets);
  std::vector<std::string> available;
  bool listed = false;
  struct Block {
    std::string name;
    int64_t rows = 0, cols = 1;
    bool matrix = false;
    std::vector<double> values;
  };
  std::vector<Block> blocks;
  for (const auto& name : wanted) {
    if (!reader.has(name)) {
      if (!listed) available = reader.dataset_names(), listed = true;
      throw UserError(path + ": no dataset '" + name + "' (the datasets are: " +
                      (available.empty() ? std::string("none") : join(available)) + ")");
    }
    Block b;
    b.name = name;
    const std::vector<int64_t> dims = reader.dims(name);
    if (dims.size() != 1 && dims.size() != 2) {
      std::string shape;
      for (const auto x : dims) shape += (shape.empty() ? "" : ", ") + std::to_string(x);
      throw UserError(path + ": dataset '" + name + "' has shape [" + shape + "]; expected [N] or [N, k]");
    }
    b.rows = dims[0];
    b.matrix = dims.size() == 2;
    b.cols = b.matrix ? dims[1] : 1;
    if (b.rows == 0) throw UserError(path + ": dataset '" + name + "' has no data rows");
    if (b.cols == 0) throw UserError(path + ": dataset '" + name + "' has no columns ([N, 0])");
    if (!blocks.empty() && b.rows != blocks.front().rows)
      throw UserError(path + ": mismatched lengths: dataset '" + name + "' has " + std::to_string(b.rows) +
                      " rows, '" + blocks.front().name + "' has " + std::to_string(blocks.front().rows));
    b.values = reader.read_double(name);
    for (int64_t r = 0; r < b.rows; ++r)
      for (int64_t c = 0; c < b.cols; ++c)
        if (!std::isfinite(b.values[r * b.cols + c]))
          throw UserError(path + ": dataset '" + name + "', row " + std::to_string(r + 1) +
                          (b.matrix ? ", column " + std::to_string(c + 1) : std::string()) + ": " +
                          (std::isnan(b.values[r * b.cols + c]) ? "NaN" : "Inf") + " (not allowed)");
    blocks.push_back(std::move(b));
  }
  Dataset out;
  out.source = path;
  out.origin_is_line = false;
  out.rows = blocks.front().rows;
  for (int64_t r = 0; r < out.rows; ++r) out.origin.push_back(r + 1);
  for (size_t j = 0; j < blocks.size(); ++j) {
    const bool is_input = j < inputs.size();
    auto& names = is_input ? out.input_names : out.target_names;
    const Block& b = blocks[j];
    for (int64_t c = 0; c < b.cols; ++c) names.push_back(b.matrix ? b.name + "[" + std::to_string(c) + "]" : b.name);
  }
  // Interleave the blocks row by row.
  for (int64_t r = 0; r < out.rows; ++r)
    for (size_t j = 0; j < blocks.size(); ++j) {
      const Block& b = blocks[j];
      auto& dst = j < inputs.size() ? out.inputs : out.targets;
      dst.insert(dst.end(), b.values.begin() + r * b.cols, b.values.begin() + (r + 1) * b.cols);
    }
  return out;
}

Dataset load_dataset(const std::string& path, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& targets) {
  const std::string e = extension(path);
  if (e == "csv") return load_csv(path, inputs, targets);
  if (e == "h5" || e == "hdf5" || e == "hdf") return load_hdf5(path, inputs, targets);
  throw UserError(path + ": unknown data format '." + e + "' (expected .csv, .h5 or .hdf5)");
}

// ------------------------------------------------------------------ labels and split

void check_class_labels(const Dataset& data, int64_t classes) {
  if (classes < 2) throw ConfigError("likelihood.classes", std::to_string(classes), "must be >= 2");
  if (data.target_dim() != 1)
    throw UserError(data.source + ": class labels need exactly one target column, got " +
                    std::to_string(data.target_dim()) + (data.target_dim() ? " (" + join(data.target_names) + ")" : ""));
  for (int64_t r = 0; r < data.rows; ++r) {
    const double y = data.targets[r];
    if (y != std::floor(y) || y < 0.0 || y > static_cast<double>(classes - 1)) {
      std::ostringstream v;
      v << y;
      throw UserError(data.source + ": " + data.where(r) + ", column '" + data.target_names[0] + "': " + v.str() +
                      " is not a class label (an integer in 0 .. " + std::to_string(classes - 1) + ")");
    }
  }
}

DataSplit split_held_out(const Dataset& all, const DataSettings& s) {
  const int set = (s.held_out_fraction != 0.0) + (s.held_out_last != 0) + !s.held_out_file.empty();
  if (set > 1)
    throw ConfigError("data.held_out", "(several)", "give one of a fraction, a number of last rows, or held_out_file");
  const int64_t n = all.rows;
  std::vector<int64_t> train, held;
  if (s.held_out_fraction != 0.0) {
    if (!(s.held_out_fraction > 0.0 && s.held_out_fraction < 1.0))
      throw ConfigError("data.held_out", std::to_string(s.held_out_fraction), "a fraction must be in (0, 1)");
    const auto k = static_cast<int64_t>(std::llround(s.held_out_fraction * static_cast<double>(n)));
    if (k < 1 || k >= n)
      throw ConfigError("data.held_out", std::to_string(s.held_out_fraction),
                        "holds out " + std::to_string(k) + " of " + std::to_string(n) +
                            " rows; each part needs at least one");
    // Partial Fisher-Yates: the first k of a random permutation are held out.
    std::vector<int64_t> perm(n);
    for (int64_t i = 0; i < n; ++i) perm[i] = i;
    Rng rng(s.seed, 0);
    for (int64_t i = 0; i < k; ++i) std::swap(perm[i], perm[i + static_cast<int64_t>(rng.below(n - i))]);
    held.assign(perm.begin(), perm.begin() + k);
    train.assign(perm.begin() + k, perm.end());
    std::sort(held.begin(), held.end());
    std::sort(train.begin(), train.end());
  } else if (s.held_out_last != 0) {
    if (s.held_out_last < 1 || s.held_out_last >= n)
      throw ConfigError("data.held_out", std::to_string(s.held_out_last),
                        "the number of last rows held out must be in 1 .. " + std::to_string(n - 1) + " (the file has " +
                            std::to_string(n) + " rows)");
    for (int64_t i = 0; i < n; ++i) (i < n - s.held_out_last ? train : held).push_back(i);
  } else {
    for (int64_t i = 0; i < n; ++i) train.push_back(i);
  }
  DataSplit out;
  out.train = all.subset(train);
  out.held_out = all.subset(held);
  if (!s.held_out_file.empty()) {
    const bool named = !s.inputs.empty();  // the [data] names (HDF5 dataset names), else the columns
    out.held_out = load_dataset(s.held_out_file, named ? s.inputs : all.input_names,
                                named ? s.targets : all.target_names);
    if (out.held_out.input_names != all.input_names || out.held_out.target_names != all.target_names)
      throw UserError(s.held_out_file + ": the held-out columns (" + join(out.held_out.input_names) + "; " +
                      join(out.held_out.target_names) + ") are not the training file's (" + join(all.input_names) +
                      "; " + join(all.target_names) + ")");
  }
  return out;
}

DataSplit load_data(const DataSettings& s) {
  if (s.file.empty()) throw ConfigError("data.file", "\"\"", "the data file is required");
  const Dataset all = load_dataset(s.file, s.inputs, s.targets);
  DataSplit out = split_held_out(all, s);
  if (s.classes > 0) {
    check_class_labels(out.train, s.classes);
    if (out.held_out.rows > 0) check_class_labels(out.held_out, s.classes);
  }
  return out;
}

}  // namespace bbg::bayes
