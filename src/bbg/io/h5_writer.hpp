// HDF5 result files (HDF5 C API, serial). H5Writer writes into "<final>.partial"
// and only commit() renames it to the final name, so a file under the final
// name is always complete; fixed datasets, growable (chunked, one unlimited
// axis) datasets written slab by slab, and attributes. H5Reader reads them back.
// HDF5's own error printing is switched off; failures become exceptions naming
// the file and the dataset. All HDF5 calls made here are serialised by one mutex.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bbg::io {

class H5Writer {
 public:
  enum class Type { Float64, Int8, Int64 };

  // Creates (truncating) final_path + ".partial". bbg::UserError if it cannot.
  explicit H5Writer(std::string final_path);
  // Without commit(): closes and deletes the .partial file, leaving no half-written result.
  ~H5Writer();
  H5Writer(H5Writer&& other) noexcept;
  H5Writer(const H5Writer&) = delete;
  H5Writer& operator=(const H5Writer&) = delete;
  H5Writer& operator=(H5Writer&&) = delete;

  const std::string& final_path() const { return final_path_; }
  const std::string& partial_path() const { return partial_path_; }

  // Fixed-size dataset of shape `dims` (empty dims: a scalar), data in C order.
  // Intermediate groups ("observables/m2") are created as needed.
  void write(const std::string& name, const std::vector<int64_t>& dims, const double* data);
  void write(const std::string& name, const std::vector<int64_t>& dims, const int8_t* data);
  void write(const std::string& name, const std::vector<int64_t>& dims, const int64_t* data);

  // Chunked dataset whose axis `grow_axis` is unlimited; `dims` is the initial
  // shape (usually 0 along grow_axis). `chunk` has one entry per axis (clamped to
  // the fixed axes' sizes); empty chooses ~256 KiB chunks. Unwritten elements read as 0.
  void create_growable(const std::string& name, const std::vector<int64_t>& dims, int grow_axis,
                       Type type, const std::vector<int64_t>& chunk);

  // Writes the block [offset, offset + count) (data in C order, shape `count`),
  // extending the growable axis as needed. Values are converted to the dataset's type.
  void write_slab(const std::string& name, const std::vector<int64_t>& offset,
                  const std::vector<int64_t>& count, const double* data);
  void write_slab(const std::string& name, const std::vector<int64_t>& offset,
                  const std::vector<int64_t>& count, const int8_t* data);
  void write_slab(const std::string& name, const std::vector<int64_t>& offset,
                  const std::vector<int64_t>& count, const int64_t* data);

  // Attributes on "/" or on a group/dataset path; an existing attribute is replaced.
  // Strings are stored as variable-length UTF-8.
  void set_attribute(const std::string& object, const std::string& key, const std::string& value);
  void set_attribute(const std::string& object, const std::string& key, const char* value) {
    set_attribute(object, key, std::string(value));
  }
  void set_attribute(const std::string& object, const std::string& key, double value);
  void set_attribute(const std::string& object, const std::string& key, int64_t value);
  void set_attribute(const std::string& object, const std::string& key, int value) {
    set_attribute(object, key, static_cast<int64_t>(value));
  }
  void set_attribute(const std::string& object, const std::string& key,
                     const std::vector<double>& value);

  void flush();   // pushes everything written so far to the .partial file
  void commit();  // closes the file, fsyncs it and renames .partial -> final path (atomic)
  bool committed() const { return committed_; }

 private:
  int64_t dataset(const std::string& name);  // cached open handle (hid_t)
  void write_any(const std::string& name, const std::vector<int64_t>& dims, const void* data,
                 int64_t mem_type, int64_t file_type);
  void write_slab_any(const std::string& name, const std::vector<int64_t>& offset,
                      const std::vector<int64_t>& count, const void* data, int64_t mem_type);
  void set_attribute_any(const std::string& object, const std::string& key, int64_t type,
                         int64_t space, const void* buf);
  void check_open(const char* what) const;
  void close_all() noexcept;
  [[noreturn]] void fail(const std::string& what) const;

  std::string final_path_;
  std::string partial_path_;
  int64_t file_ = -1;  // hid_t
  bool committed_ = false;
  std::map<std::string, int64_t> datasets_;
};

class H5Reader {
 public:
  // bbg::UserError if the file is missing or not HDF5.
  explicit H5Reader(const std::string& path);
  ~H5Reader();
  H5Reader(H5Reader&& other) noexcept;
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;
  H5Reader& operator=(H5Reader&&) = delete;

  const std::string& path() const { return path_; }

  bool has(const std::string& name) const;  // any object (group or dataset); "/" is always there
  std::vector<int64_t> dims(const std::string& name) const;  // {} for a scalar
  // Every dataset in the file, as paths relative to "/" ("x", "group/y"), in name order.
  std::vector<std::string> dataset_names() const;
  // Whole dataset in C order; integer datasets (int8, int64, ...) are converted to double.
  std::vector<double> read_double(const std::string& name) const;
  std::vector<int64_t> read_int64(const std::string& name) const;  // integer datasets only
  std::vector<double> read_slab_double(const std::string& name, const std::vector<int64_t>& offset,
                                       const std::vector<int64_t>& count) const;

  bool has_attribute(const std::string& object, const std::string& key) const;
  std::string attribute_string(const std::string& object, const std::string& key) const;
  double attribute_double(const std::string& object, const std::string& key) const;
  int64_t attribute_int64(const std::string& object, const std::string& key) const;
  std::vector<double> attribute_doubles(const std::string& object, const std::string& key) const;

 private:
  int64_t open_dataset(const std::string& name) const;
  int64_t open_attribute(const std::string& object, const std::string& key) const;
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  int64_t file_ = -1;  // hid_t
};

}  // namespace bbg::io
