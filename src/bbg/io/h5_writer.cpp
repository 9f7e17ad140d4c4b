#include "bbg/io/h5_writer.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"

static_assert(std::is_same<hid_t, int64_t>::value, "h5_writer.hpp stores hid_t as int64_t");

namespace bbg::io {
namespace {

// HDF5 (even a thread-safe build) is used here from one thread at a time.
std::recursive_mutex& h5_mutex() {
  static std::recursive_mutex m;
  return m;
}

// Automatic error printing is a per-thread setting in thread-safe builds, so
// it is switched off on every entry.
void quiet_hdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

struct Lock {
  std::lock_guard<std::recursive_mutex> guard{h5_mutex()};
  Lock() { quiet_hdf5(); }
};

herr_t walk_cb(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  auto* out = static_cast<std::string*>(data);
  if (out->empty() && err && err->desc && err->desc[0]) out->assign(err->desc);
  return 0;
}

// The innermost HDF5 error message (most specific), then clears the stack.
std::string h5_error_detail() {
  std::string msg;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk_cb, &msg);
  H5Eclear2(H5E_DEFAULT);
  return msg.empty() ? std::string() : " (HDF5: " + msg + ")";
}

// Owns one hid_t and closes it with the matching H5?close.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

std::string shape_text(const std::vector<int64_t>& v) {
  std::ostringstream s;
  s << '[';
  for (size_t i = 0; i < v.size(); ++i) s << (i ? ", " : "") << v[i];
  s << ']';
  return s.str();
}

std::vector<hsize_t> to_hsize(const std::vector<int64_t>& v, const std::string& name,
                              const char* what) {
  std::vector<hsize_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] < 0) {
      throw std::invalid_argument("HDF5 dataset '" + name + "': negative " + what + " " +
                                  shape_text(v));
    }
    out[i] = static_cast<hsize_t>(v[i]);
  }
  return out;
}

int64_t numel(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

hid_t file_type_of(H5Writer::Type t) {
  switch (t) {
    case H5Writer::Type::Float64: return H5T_IEEE_F64LE;
    case H5Writer::Type::Int8: return H5T_STD_I8LE;
    case H5Writer::Type::Int64: return H5T_STD_I64LE;
  }
  return H5T_IEEE_F64LE;
}

// Link creation property list that creates missing intermediate groups.
hid_t make_lcpl() {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  if (lcpl >= 0) H5Pset_create_intermediate_group(lcpl, 1);
  return lcpl;
}

}  // namespace

// ------------------------------------------------------------------ H5Writer

H5Writer::H5Writer(std::string final_path)
    : final_path_(std::move(final_path)), partial_path_(final_path_ + ".partial") {
  Lock lock;
  file_ = H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file_ < 0) {
    throw UserError("cannot create HDF5 file " + partial_path_ + h5_error_detail());
  }
}

H5Writer::H5Writer(H5Writer&& other) noexcept
    : final_path_(std::move(other.final_path_)),
      partial_path_(std::move(other.partial_path_)),
      file_(other.file_),
      committed_(other.committed_),
      datasets_(std::move(other.datasets_)) {
  other.file_ = -1;
  other.committed_ = true;  // nothing left for the moved-from object to clean up
  other.datasets_.clear();
}

H5Writer::~H5Writer() {
  if (committed_) return;
  Lock lock;
  close_all();
  if (!partial_path_.empty()) std::remove(partial_path_.c_str());
}

void H5Writer::close_all() noexcept {
  for (auto& kv : datasets_) H5Dclose(kv.second);
  datasets_.clear();
  if (file_ >= 0) {
    H5Fclose(file_);
    file_ = -1;
  }
  H5Eclear2(H5E_DEFAULT);
}

void H5Writer::fail(const std::string& what) const {
  throw UserError("HDF5 error in " + partial_path_ + ": " + what + h5_error_detail());
}

void H5Writer::check_open(const char* what) const {
  if (file_ < 0) {
    throw std::logic_error(std::string("H5Writer::") + what + " on " + final_path_ +
                           (committed_ ? " after commit()" : " after a failed commit()"));
  }
}

int64_t H5Writer::dataset(const std::string& name) {
  auto it = datasets_.find(name);
  if (it != datasets_.end()) return it->second;
  hid_t d = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  if (d < 0) fail("cannot open dataset '" + name + "' (create it first)");
  datasets_.emplace(name, d);
  return d;
}

void H5Writer::write_any(const std::string& name, const std::vector<int64_t>& dims,
                         const void* data, int64_t mem_type, int64_t file_type) {
  Lock lock;
  check_open("write");
  const auto hd = to_hsize(dims, name, "dims");
  Id space(dims.empty() ? H5Screate(H5S_SCALAR)
                        : H5Screate_simple(static_cast<int>(hd.size()), hd.data(), nullptr),
           H5Sclose);
  if (!space.ok()) fail("cannot make dataspace " + shape_text(dims) + " for dataset '" + name + "'");
  Id lcpl(make_lcpl(), H5Pclose);
  Id dset(H5Dcreate2(file_, name.c_str(), file_type, space.get(), lcpl.get(), H5P_DEFAULT,
                     H5P_DEFAULT),
          H5Dclose);
  if (!dset.ok()) fail("cannot create dataset '" + name + "' (does it already exist?)");
  if (numel(dims) > 0) {
    if (data == nullptr) throw std::invalid_argument("H5Writer::write '" + name + "': null data");
    if (H5Dwrite(dset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
      fail("cannot write dataset '" + name + "'");
    }
  }
}

void H5Writer::write(const std::string& name, const std::vector<int64_t>& dims, const double* data) {
  write_any(name, dims, data, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE);
}
void H5Writer::write(const std::string& name, const std::vector<int64_t>& dims, const int8_t* data) {
  write_any(name, dims, data, H5T_NATIVE_INT8, H5T_STD_I8LE);
}
void H5Writer::write(const std::string& name, const std::vector<int64_t>& dims,
                     const int64_t* data) {
  write_any(name, dims, data, H5T_NATIVE_INT64, H5T_STD_I64LE);
}

void H5Writer::create_growable(const std::string& name, const std::vector<int64_t>& dims,
                               int grow_axis, Type type, const std::vector<int64_t>& chunk) {
  Lock lock;
  check_open("create_growable");
  const int rank = static_cast<int>(dims.size());
  if (rank == 0 || grow_axis < 0 || grow_axis >= rank) {
    throw std::invalid_argument("H5Writer::create_growable '" + name + "': grow_axis " +
                                std::to_string(grow_axis) + " invalid for dims " + shape_text(dims));
  }
  if (!chunk.empty() && chunk.size() != dims.size()) {
    throw std::invalid_argument("H5Writer::create_growable '" + name + "': chunk " +
                                shape_text(chunk) + " does not match dims " + shape_text(dims));
  }
  const auto hd = to_hsize(dims, name, "dims");
  std::vector<hsize_t> maxd(hd);
  maxd[grow_axis] = H5S_UNLIMITED;

  std::vector<hsize_t> ch(rank);
  if (chunk.empty()) {
    hsize_t fixed = 1;
    for (int i = 0; i < rank; ++i) {
      if (i == grow_axis) continue;
      ch[i] = hd[i] > 0 ? hd[i] : 1;
      fixed *= ch[i];
    }
    const hsize_t elem = type == Type::Int8 ? 1 : 8;
    const hsize_t target = 256 * 1024;
    const hsize_t per = fixed * elem;
    ch[grow_axis] = per >= target ? 1 : target / per;
  } else {
    for (int i = 0; i < rank; ++i) {
      if (chunk[i] <= 0) {
        throw std::invalid_argument("H5Writer::create_growable '" + name + "': chunk " +
                                    shape_text(chunk) + " must be positive");
      }
      ch[i] = static_cast<hsize_t>(chunk[i]);
      // HDF5 refuses chunks larger than a fixed dimension.
      if (i != grow_axis && hd[i] > 0 && ch[i] > hd[i]) ch[i] = hd[i];
      if (i != grow_axis && hd[i] == 0) ch[i] = 1;
    }
  }

  Id space(H5Screate_simple(rank, hd.data(), maxd.data()), H5Sclose);
  if (!space.ok()) fail("cannot make dataspace " + shape_text(dims) + " for dataset '" + name + "'");
  Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!dcpl.ok() || H5Pset_chunk(dcpl.get(), rank, ch.data()) < 0) {
    fail("cannot set chunking for dataset '" + name + "'");
  }
  Id lcpl(make_lcpl(), H5Pclose);
  hid_t d = H5Dcreate2(file_, name.c_str(), file_type_of(type), space.get(), lcpl.get(), dcpl.get(),
                       H5P_DEFAULT);
  if (d < 0) fail("cannot create dataset '" + name + "' (does it already exist?)");
  datasets_[name] = d;
}

void H5Writer::write_slab_any(const std::string& name, const std::vector<int64_t>& offset,
                              const std::vector<int64_t>& count, const void* data,
                              int64_t mem_type) {
  Lock lock;
  check_open("write_slab");
  const hid_t d = dataset(name);
  Id fspace(H5Dget_space(d), H5Sclose);
  if (!fspace.ok()) fail("cannot get the shape of dataset '" + name + "'");
  const int rank = H5Sget_simple_extent_ndims(fspace.get());
  if (rank < 0) fail("cannot get the rank of dataset '" + name + "'");
  if (static_cast<int>(offset.size()) != rank || static_cast<int>(count.size()) != rank) {
    throw std::invalid_argument("H5Writer::write_slab '" + name + "': offset " + shape_text(offset) +
                                " / count " + shape_text(count) + " do not match rank " +
                                std::to_string(rank));
  }
  const auto off = to_hsize(offset, name, "offset");
  const auto cnt = to_hsize(count, name, "count");
  if (rank == 0) {
    if (data && H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
      fail("cannot write dataset '" + name + "'");
    }
    return;
  }
  std::vector<hsize_t> cur(rank), maxd(rank);
  H5Sget_simple_extent_dims(fspace.get(), cur.data(), maxd.data());
  bool grow = false;
  std::vector<hsize_t> want(cur);
  for (int i = 0; i < rank; ++i) {
    const hsize_t need = off[i] + cnt[i];
    if (need > cur[i]) {
      if (maxd[i] != H5S_UNLIMITED && need > maxd[i]) {
        std::vector<int64_t> c(cur.begin(), cur.end());
        throw std::invalid_argument("H5Writer::write_slab '" + name + "': block at " +
                                    shape_text(offset) + " of size " + shape_text(count) +
                                    " exceeds the dataset's fixed shape " + shape_text(c));
      }
      want[i] = need;
      grow = true;
    }
  }
  if (grow && H5Dset_extent(d, want.data()) < 0) fail("cannot extend dataset '" + name + "'");
  if (numel(count) == 0) return;
  if (data == nullptr) throw std::invalid_argument("H5Writer::write_slab '" + name + "': null data");
  Id fs2(H5Dget_space(d), H5Sclose);  // the shape after any extension
  if (!fs2.ok() ||
      H5Sselect_hyperslab(fs2.get(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr) < 0) {
    fail("cannot select block " + shape_text(offset) + "+" + shape_text(count) + " of dataset '" +
         name + "'");
  }
  Id mspace(H5Screate_simple(rank, cnt.data(), nullptr), H5Sclose);
  if (!mspace.ok() || H5Dwrite(d, mem_type, mspace.get(), fs2.get(), H5P_DEFAULT, data) < 0) {
    fail("cannot write block " + shape_text(offset) + "+" + shape_text(count) + " of dataset '" +
         name + "'");
  }
}

void H5Writer::write_slab(const std::string& name, const std::vector<int64_t>& offset,
                          const std::vector<int64_t>& count, const double* data) {
  write_slab_any(name, offset, count, data, H5T_NATIVE_DOUBLE);
}
void H5Writer::write_slab(const std::string& name, const std::vector<int64_t>& offset,
                          const std::vector<int64_t>& count, const int8_t* data) {
  write_slab_any(name, offset, count, data, H5T_NATIVE_INT8);
}
void H5Writer::write_slab(const std::string& name, const std::vector<int64_t>& offset,
                          const std::vector<int64_t>& count, const int64_t* data) {
  write_slab_any(name, offset, count, data, H5T_NATIVE_INT64);
}

void H5Writer::set_attribute_any(const std::string& object, const std::string& key, int64_t type,
                                 int64_t space, const void* buf) {
  Id obj(H5Oopen(file_, object.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.ok()) fail("cannot open '" + object + "' to set attribute '" + key + "'");
  const htri_t exists = H5Aexists(obj.get(), key.c_str());
  if (exists < 0) fail("cannot check attribute '" + key + "' of '" + object + "'");
  if (exists > 0 && H5Adelete(obj.get(), key.c_str()) < 0) {
    fail("cannot replace attribute '" + key + "' of '" + object + "'");
  }
  Id attr(H5Acreate2(obj.get(), key.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.ok() || H5Awrite(attr.get(), type, buf) < 0) {
    fail("cannot write attribute '" + key + "' of '" + object + "'");
  }
}

void H5Writer::set_attribute(const std::string& object, const std::string& key,
                             const std::string& value) {
  Lock lock;
  check_open("set_attribute");
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.ok() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    fail("cannot make a string type for attribute '" + key + "'");
  }
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  const char* p = value.c_str();
  set_attribute_any(object, key, type.get(), space.get(), &p);
}

void H5Writer::set_attribute(const std::string& object, const std::string& key, double value) {
  Lock lock;
  check_open("set_attribute");
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  set_attribute_any(object, key, H5T_NATIVE_DOUBLE, space.get(), &value);
}

void H5Writer::set_attribute(const std::string& object, const std::string& key, int64_t value) {
  Lock lock;
  check_open("set_attribute");
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  set_attribute_any(object, key, H5T_NATIVE_INT64, space.get(), &value);
}

void H5Writer::set_attribute(const std::string& object, const std::string& key,
                             const std::vector<double>& value) {
  Lock lock;
  check_open("set_attribute");
  const hsize_t n = value.size();
  Id space(n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr), H5Sclose);
  const double dummy = 0;
  set_attribute_any(object, key, H5T_NATIVE_DOUBLE, space.get(), n ? value.data() : &dummy);
}

void H5Writer::flush() {
  Lock lock;
  check_open("flush");
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) fail("cannot flush");
}

void H5Writer::commit() {
  Lock lock;
  check_open("commit");
  for (auto& kv : datasets_) H5Dclose(kv.second);
  datasets_.clear();
  const herr_t rc = H5Fclose(file_);
  file_ = -1;
  if (rc < 0) fail("cannot close the file");  // the destructor deletes the .partial
  const int fd = ::open(partial_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    throw UserError("cannot sync " + partial_path_ + ": " + std::strerror(err));
  }
  ::close(fd);
  if (std::rename(partial_path_.c_str(), final_path_.c_str()) != 0) {
    throw UserError("cannot rename " + partial_path_ + " to " + final_path_ + ": " +
                    std::strerror(errno));
  }
  committed_ = true;
  fsync_parent_directory(final_path_);
}

// ------------------------------------------------------------------ H5Reader

H5Reader::H5Reader(const std::string& path) : path_(path) {
  Lock lock;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw UserError("cannot open " + path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) {
    throw UserError("cannot open " + path + ": it is a directory, not an HDF5 file");
  }
  const htri_t is = H5Fis_hdf5(path.c_str());
  if (is <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw UserError("cannot open " + path + ": not an HDF5 file");
  }
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw UserError("cannot open HDF5 file " + path + h5_error_detail());
}

H5Reader::H5Reader(H5Reader&& other) noexcept : path_(std::move(other.path_)), file_(other.file_) {
  other.file_ = -1;
}

H5Reader::~H5Reader() {
  if (file_ < 0) return;
  Lock lock;
  H5Fclose(file_);
  H5Eclear2(H5E_DEFAULT);
}

void H5Reader::fail(const std::string& what) const {
  throw UserError("HDF5 error in " + path_ + ": " + what + h5_error_detail());
}

bool H5Reader::has(const std::string& name) const {
  Lock lock;
  if (name.empty()) return false;
  std::string prefix;
  size_t pos = 0;
  while (pos < name.size()) {
    size_t next = name.find('/', pos);
    if (next == std::string::npos) next = name.size();
    const std::string part = name.substr(pos, next - pos);
    if (pos == 0 && part.empty()) {
      prefix = "/";  // absolute path
    } else if (!part.empty() && part != ".") {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix += part;
      const htri_t e = H5Lexists(file_, prefix.c_str(), H5P_DEFAULT);
      if (e <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
      }
    }
    pos = next + 1;
  }
  const htri_t o = prefix.empty() || prefix == "/" ? 1 : H5Oexists_by_name(file_, prefix.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return o > 0;
}

int64_t H5Reader::open_dataset(const std::string& name) const {
  if (!has(name)) throw UserError(path_ + " has no dataset '" + name + "'");
  hid_t d = H5Dopen2(file_, name.c_str(), H5P_DEFAULT);
  if (d < 0) fail("'" + name + "' is not a dataset");
  return d;
}

std::vector<int64_t> H5Reader::dims(const std::string& name) const {
  Lock lock;
  Id d(open_dataset(name), H5Dclose);
  Id s(H5Dget_space(d.get()), H5Sclose);
  const int rank = s.ok() ? H5Sget_simple_extent_ndims(s.get()) : -1;
  if (rank < 0) fail("cannot get the shape of dataset '" + name + "'");
  std::vector<hsize_t> hd(rank);
  if (rank > 0) H5Sget_simple_extent_dims(s.get(), hd.data(), nullptr);
  return std::vector<int64_t>(hd.begin(), hd.end());
}

namespace {

void check_numeric(hid_t obj_type, bool integer_only, const std::string& file,
                   const std::string& what) {
  const H5T_class_t c = H5Tget_class(obj_type);
  const bool ok = c == H5T_INTEGER || (!integer_only && c == H5T_FLOAT);
  if (!ok) {
    throw UserError(file + ": " + what + " is not " + (integer_only ? "an integer" : "numeric"));
  }
}

}  // namespace

std::vector<double> H5Reader::read_double(const std::string& name) const {
  Lock lock;
  Id d(open_dataset(name), H5Dclose);
  Id t(H5Dget_type(d.get()), H5Tclose);
  check_numeric(t.get(), false, path_, "dataset '" + name + "'");
  Id s(H5Dget_space(d.get()), H5Sclose);
  const hssize_t n = s.ok() ? H5Sget_simple_extent_npoints(s.get()) : -1;
  if (n < 0) fail("cannot get the size of dataset '" + name + "'");
  std::vector<double> out(static_cast<size_t>(n));
  if (n > 0 && H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
    fail("cannot read dataset '" + name + "'");
  }
  return out;
}

std::vector<int64_t> H5Reader::read_int64(const std::string& name) const {
  Lock lock;
  Id d(open_dataset(name), H5Dclose);
  Id t(H5Dget_type(d.get()), H5Tclose);
  check_numeric(t.get(), true, path_, "dataset '" + name + "'");
  Id s(H5Dget_space(d.get()), H5Sclose);
  const hssize_t n = s.ok() ? H5Sget_simple_extent_npoints(s.get()) : -1;
  if (n < 0) fail("cannot get the size of dataset '" + name + "'");
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n > 0 && H5Dread(d.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
    fail("cannot read dataset '" + name + "'");
  }
  return out;
}

std::vector<double> H5Reader::read_slab_double(const std::string& name,
                                               const std::vector<int64_t>& offset,
                                               const std::vector<int64_t>& count) const {
  Lock lock;
  const std::vector<int64_t> shape = dims(name);
  if (offset.size() != shape.size() || count.size() != shape.size()) {
    throw UserError(path_ + ": dataset '" + name + "' has shape " + shape_text(shape) +
                    ", cannot read block at " + shape_text(offset) + " of size " + shape_text(count));
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    if (offset[i] < 0 || count[i] < 0 || offset[i] + count[i] > shape[i]) {
      throw UserError(path_ + ": dataset '" + name + "' has shape " + shape_text(shape) +
                      ", block at " + shape_text(offset) + " of size " + shape_text(count) +
                      " is outside it");
    }
  }
  Id d(open_dataset(name), H5Dclose);
  Id t(H5Dget_type(d.get()), H5Tclose);
  check_numeric(t.get(), false, path_, "dataset '" + name + "'");
  const int64_t n = numel(count);
  std::vector<double> out(static_cast<size_t>(n));
  if (n == 0) return out;
  if (shape.empty()) {
    if (H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      fail("cannot read dataset '" + name + "'");
    }
    return out;
  }
  const auto off = to_hsize(offset, name, "offset");
  const auto cnt = to_hsize(count, name, "count");
  Id fs(H5Dget_space(d.get()), H5Sclose);
  if (!fs.ok() ||
      H5Sselect_hyperslab(fs.get(), H5S_SELECT_SET, off.data(), nullptr, cnt.data(), nullptr) < 0) {
    fail("cannot select a block of dataset '" + name + "'");
  }
  Id ms(H5Screate_simple(static_cast<int>(cnt.size()), cnt.data(), nullptr), H5Sclose);
  if (!ms.ok() || H5Dread(d.get(), H5T_NATIVE_DOUBLE, ms.get(), fs.get(), H5P_DEFAULT, out.data()) < 0) {
    fail("cannot read a block of dataset '" + name + "'");
  }
  return out;
}

namespace {

herr_t collect_dataset(hid_t group, const char* name, const H5L_info_t* /*info*/, void* data) {
  const hid_t obj = H5Oopen(group, name, H5P_DEFAULT);
  if (obj < 0) {
    H5Eclear2(H5E_DEFAULT);
    return 0;  // e.g. a dangling soft link
  }
  if (H5Iget_type(obj) == H5I_DATASET) static_cast<std::vector<std::string>*>(data)->push_back(name);
  H5Oclose(obj);
  return 0;
}

}  // namespace

std::vector<std::string> H5Reader::dataset_names() const {
  Lock lock;
  std::vector<std::string> out;
  if (H5Lvisit(file_, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &out) < 0) fail("cannot list the datasets");
  return out;
}

bool H5Reader::has_attribute(const std::string& object, const std::string& key) const {
  Lock lock;
  if (!has(object)) return false;
  const htri_t e = H5Aexists_by_name(file_, object.c_str(), key.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return e > 0;
}

int64_t H5Reader::open_attribute(const std::string& object, const std::string& key) const {
  if (!has_attribute(object, key)) {
    throw UserError(path_ + ": '" + object + "' has no attribute '" + key + "'");
  }
  hid_t a = H5Aopen_by_name(file_, object.c_str(), key.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) fail("cannot open attribute '" + key + "' of '" + object + "'");
  return a;
}

std::string H5Reader::attribute_string(const std::string& object, const std::string& key) const {
  Lock lock;
  Id a(open_attribute(object, key), H5Aclose);
  Id ft(H5Aget_type(a.get()), H5Tclose);
  if (H5Tget_class(ft.get()) != H5T_STRING) {
    throw UserError(path_ + ": attribute '" + key + "' of '" + object + "' is not a string");
  }
  Id sp(H5Aget_space(a.get()), H5Sclose);
  if (H5Sget_simple_extent_npoints(sp.get()) != 1) {
    throw UserError(path_ + ": attribute '" + key + "' of '" + object + "' is not a single string");
  }
  const htri_t vl = H5Tis_variable_str(ft.get());
  Id mt(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_cset(mt.get(), H5Tget_cset(ft.get()));
  if (vl > 0) {
    H5Tset_size(mt.get(), H5T_VARIABLE);
    char* buf = nullptr;
    if (H5Aread(a.get(), mt.get(), &buf) < 0) fail("cannot read attribute '" + key + "' of '" + object + "'");
    std::string s = buf ? std::string(buf) : std::string();
    if (buf) H5free_memory(buf);
    return s;
  }
  const size_t size = H5Tget_size(ft.get());
  H5Tset_size(mt.get(), size + 1);
  H5Tset_strpad(mt.get(), H5T_STR_NULLTERM);
  std::vector<char> buf(size + 1, '\0');
  if (H5Aread(a.get(), mt.get(), buf.data()) < 0) fail("cannot read attribute '" + key + "' of '" + object + "'");
  return std::string(buf.data());
}

double H5Reader::attribute_double(const std::string& object, const std::string& key) const {
  const std::vector<double> v = attribute_doubles(object, key);
  if (v.size() != 1) {
    throw UserError(path_ + ": attribute '" + key + "' of '" + object + "' is not a single number");
  }
  return v[0];
}

int64_t H5Reader::attribute_int64(const std::string& object, const std::string& key) const {
  Lock lock;
  Id a(open_attribute(object, key), H5Aclose);
  Id ft(H5Aget_type(a.get()), H5Tclose);
  check_numeric(ft.get(), true, path_, "attribute '" + key + "' of '" + object + "'");
  Id sp(H5Aget_space(a.get()), H5Sclose);
  if (H5Sget_simple_extent_npoints(sp.get()) != 1) {
    throw UserError(path_ + ": attribute '" + key + "' of '" + object + "' is not a single number");
  }
  int64_t v = 0;
  if (H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) fail("cannot read attribute '" + key + "' of '" + object + "'");
  return v;
}

std::vector<double> H5Reader::attribute_doubles(const std::string& object,
                                                const std::string& key) const {
  Lock lock;
  Id a(open_attribute(object, key), H5Aclose);
  Id ft(H5Aget_type(a.get()), H5Tclose);
  check_numeric(ft.get(), false, path_, "attribute '" + key + "' of '" + object + "'");
  Id sp(H5Aget_space(a.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(sp.get());
  if (n < 0) fail("cannot get the size of attribute '" + key + "' of '" + object + "'");
  std::vector<double> out(static_cast<size_t>(n));
  if (n > 0 && H5Aread(a.get(), H5T_NATIVE_DOUBLE, out.data()) < 0) {
    fail("cannot read attribute '" + key + "' of '" + object + "'");
  }
  return out;
}

}  // namespace bbg::io
