// A small binary key-value checkpoint file for exact resume (RNG states, chain
// states, counters). Format (little-endian): magic "BBGCKPT1", u64 entry count,
// per entry {u8 kind, u64 key length, key, u64 payload length, payload}, then a
// u64 FNV-1a checksum of everything before it. Saved atomically; load() rejects
// a bad magic, truncation or checksum mismatch as a corrupt file.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bbg::io {

class Checkpoint {
 public:
  // put_* replaces an existing entry of the same key.
  void put_bytes(const std::string& key, std::vector<uint8_t> value);
  void put_doubles(const std::string& key, const std::vector<double>& value);  // bit-exact
  void put_int64s(const std::string& key, const std::vector<int64_t>& value);
  void put_string(const std::string& key, std::string value);

  bool has(const std::string& key) const;
  std::vector<std::string> keys() const;  // sorted
  size_t size() const { return entries_.size(); }

  // bbg::UserError naming the key if it is missing or holds another kind of value.
  std::vector<uint8_t> get_bytes(const std::string& key) const;
  std::vector<double> get_doubles(const std::string& key) const;
  std::vector<int64_t> get_int64s(const std::string& key) const;
  std::string get_string(const std::string& key) const;

  void save(const std::string& path) const;  // atomic (write_file_atomic)
  // bbg::UserError "checkpoint <path> is corrupt (...)" on a bad magic,
  // truncation or checksum mismatch; bbg::UserError if unreadable.
  static Checkpoint load(const std::string& path);

  // The serialised form used by save()/load(); from_bytes names `source` in errors.
  std::string to_bytes() const;
  static Checkpoint from_bytes(const std::string& bytes, const std::string& source);

 private:
  enum class Kind : uint8_t { Bytes = 1, Doubles = 2, Int64s = 3, String = 4 };
  struct Entry {
    Kind kind;
    std::string data;  // raw payload
  };
  const Entry& entry(const std::string& key, Kind kind) const;

  std::map<std::string, Entry> entries_;
  std::string source_;  // file it was loaded from, for messages
};

// 64-bit FNV-1a hash of `size` bytes.
uint64_t fnv1a64(const void* data, size_t size);

}  // namespace bbg::io
