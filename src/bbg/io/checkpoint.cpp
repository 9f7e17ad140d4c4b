#include "bbg/io/checkpoint.hpp"

#include <cstring>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"

namespace bbg::io {
namespace {

constexpr char kMagic[8] = {'B', 'B', 'G', 'C', 'K', 'P', 'T', '1'};

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get_u64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

const char* kind_name(uint8_t k) {
  switch (k) {
    case 1: return "bytes";
    case 2: return "doubles";
    case 3: return "int64s";
    case 4: return "a string";
  }
  return "unknown";
}

}  // namespace

uint64_t fnv1a64(const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

void Checkpoint::put_bytes(const std::string& key, std::vector<uint8_t> value) {
  entries_[key] = Entry{Kind::Bytes, std::string(value.begin(), value.end())};
}

void Checkpoint::put_doubles(const std::string& key, const std::vector<double>& value) {
  std::string d;
  d.reserve(value.size() * 8);
  for (double x : value) {
    uint64_t bits;
    std::memcpy(&bits, &x, 8);
    put_u64(d, bits);
  }
  entries_[key] = Entry{Kind::Doubles, std::move(d)};
}

void Checkpoint::put_int64s(const std::string& key, const std::vector<int64_t>& value) {
  std::string d;
  d.reserve(value.size() * 8);
  for (int64_t x : value) put_u64(d, static_cast<uint64_t>(x));
  entries_[key] = Entry{Kind::Int64s, std::move(d)};
}

void Checkpoint::put_string(const std::string& key, std::string value) {
  entries_[key] = Entry{Kind::String, std::move(value)};
}

bool Checkpoint::has(const std::string& key) const { return entries_.count(key) > 0; }

std::vector<std::string> Checkpoint::keys() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& kv : entries_) out.push_back(kv.first);
  return out;
}

const Checkpoint::Entry& Checkpoint::entry(const std::string& key, Kind kind) const {
  const std::string where = source_.empty() ? "checkpoint" : "checkpoint " + source_;
  auto it = entries_.find(key);
  if (it == entries_.end()) throw UserError(where + " has no entry '" + key + "'");
  if (it->second.kind != kind) {
    throw UserError(where + ": entry '" + key + "' holds " +
                    kind_name(static_cast<uint8_t>(it->second.kind)) + ", not " +
                    kind_name(static_cast<uint8_t>(kind)));
  }
  return it->second;
}

std::vector<uint8_t> Checkpoint::get_bytes(const std::string& key) const {
  const std::string& d = entry(key, Kind::Bytes).data;
  return std::vector<uint8_t>(d.begin(), d.end());
}

std::vector<double> Checkpoint::get_doubles(const std::string& key) const {
  const std::string& d = entry(key, Kind::Doubles).data;
  std::vector<double> out(d.size() / 8);
  const auto* p = reinterpret_cast<const unsigned char*>(d.data());
  for (size_t i = 0; i < out.size(); ++i) {
    const uint64_t bits = get_u64(p + 8 * i);
    std::memcpy(&out[i], &bits, 8);
  }
  return out;
}

std::vector<int64_t> Checkpoint::get_int64s(const std::string& key) const {
  const std::string& d = entry(key, Kind::Int64s).data;
  std::vector<int64_t> out(d.size() / 8);
  const auto* p = reinterpret_cast<const unsigned char*>(d.data());
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int64_t>(get_u64(p + 8 * i));
  return out;
}

std::string Checkpoint::get_string(const std::string& key) const {
  return entry(key, Kind::String).data;
}

std::string Checkpoint::to_bytes() const {
  std::string out(kMagic, sizeof kMagic);
  put_u64(out, entries_.size());
  for (const auto& kv : entries_) {
    out.push_back(static_cast<char>(kv.second.kind));
    put_u64(out, kv.first.size());
    out += kv.first;
    put_u64(out, kv.second.data.size());
    out += kv.second.data;
  }
  put_u64(out, fnv1a64(out.data(), out.size()));
  return out;
}

Checkpoint Checkpoint::from_bytes(const std::string& bytes, const std::string& source) {
  auto corrupt = [&](const std::string& why) {
    return UserError("checkpoint " + source + " is corrupt (" + why + ")");
  };
  const size_t n = bytes.size();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (n < sizeof kMagic || std::memcmp(p, kMagic, sizeof kMagic) != 0) {
    throw corrupt(n < sizeof kMagic ? "truncated: " + std::to_string(n) + " bytes"
                                    : "bad magic, not a bbg checkpoint");
  }
  if (n < sizeof kMagic + 16) throw corrupt("truncated: " + std::to_string(n) + " bytes");
  const size_t body = n - 8;
  if (get_u64(p + body) != fnv1a64(p, body)) {
    throw corrupt("checksum mismatch; the file is truncated or damaged");
  }
  size_t pos = sizeof kMagic;
  auto need = [&](uint64_t k) {
    if (k > body - pos) throw corrupt("truncated entry at byte " + std::to_string(pos));
  };
  const uint64_t count = get_u64(p + pos);
  pos += 8;
  Checkpoint cp;
  cp.source_ = source;
  for (uint64_t i = 0; i < count; ++i) {
    need(1 + 8);
    const uint8_t kind = p[pos];
    pos += 1;
    if (kind < 1 || kind > 4) throw corrupt("unknown entry kind " + std::to_string(kind));
    const uint64_t klen = get_u64(p + pos);
    pos += 8;
    need(klen);
    std::string key(bytes, pos, klen);
    pos += klen;
    need(8);
    const uint64_t dlen = get_u64(p + pos);
    pos += 8;
    need(dlen);
    if ((kind == 2 || kind == 3) && dlen % 8 != 0) {
      throw corrupt("entry '" + key + "' has a length that is not a multiple of 8");
    }
    Entry e{static_cast<Kind>(kind), std::string(bytes, pos, dlen)};
    pos += dlen;
    if (!cp.entries_.emplace(std::move(key), std::move(e)).second) throw corrupt("duplicate key");
  }
  if (pos != body) throw corrupt("trailing bytes after the last entry");
  return cp;
}

void Checkpoint::save(const std::string& path) const { write_file_atomic(path, to_bytes()); }

Checkpoint Checkpoint::load(const std::string& path) {
  return from_bytes(read_file(path), path);
}

}  // namespace bbg::io
