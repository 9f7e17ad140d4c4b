#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/checkpoint.hpp"
#include "io_test_util.hpp"

using bbg::io::Checkpoint;
using bbg::io::testing::TempDir;

namespace {

Checkpoint sample() {
  Checkpoint cp;
  cp.put_bytes("rng/state", {0, 1, 2, 255, 128});
  cp.put_doubles("chain/x", {0.1, -2.5, std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(), 5e-324, -0.0});
  cp.put_int64s("counters", {0, -1, std::numeric_limits<int64_t>::max(),
                             std::numeric_limits<int64_t>::min()});
  cp.put_string("config", std::string("a = 1\n\0b", 8));
  cp.put_doubles("empty", {});
  return cp;
}

void expect_corrupt(const std::string& path) {
  try {
    Checkpoint::load(path);
    FAIL() << "expected UserError for " << path;
  } catch (const bbg::UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("checkpoint " + path + " is corrupt"), std::string::npos) << msg;
  }
}

}  // namespace

TEST(IoCheckpoint, RoundTripIsBitExact) {
  TempDir tmp;
  const std::string path = tmp.file("checkpoint.bin");
  sample().save(path);
  EXPECT_EQ(tmp.names(), std::vector<std::string>{"checkpoint.bin"});
  const Checkpoint cp = Checkpoint::load(path);
  EXPECT_EQ(cp.size(), 5u);
  EXPECT_TRUE(cp.has("rng/state"));
  EXPECT_FALSE(cp.has("nope"));
  EXPECT_EQ(cp.get_bytes("rng/state"), (std::vector<uint8_t>{0, 1, 2, 255, 128}));
  const auto x = cp.get_doubles("chain/x");
  const auto ref = sample().get_doubles("chain/x");
  ASSERT_EQ(x.size(), ref.size());
  EXPECT_EQ(std::memcmp(x.data(), ref.data(), x.size() * sizeof(double)), 0);
  EXPECT_TRUE(std::isnan(x[2]));
  EXPECT_TRUE(std::signbit(x[5]));
  EXPECT_EQ(cp.get_int64s("counters"), sample().get_int64s("counters"));
  EXPECT_EQ(cp.get_string("config"), std::string("a = 1\n\0b", 8));
  EXPECT_TRUE(cp.get_doubles("empty").empty());
  EXPECT_EQ(cp.keys(), (std::vector<std::string>{"chain/x", "config", "counters", "empty", "rng/state"}));
  EXPECT_EQ(cp.to_bytes(), sample().to_bytes());
}

TEST(IoCheckpoint, OverwriteAndMissingKeys) {
  Checkpoint cp;
  cp.put_string("k", "one");
  cp.put_string("k", "two");
  EXPECT_EQ(cp.get_string("k"), "two");
  try {
    cp.get_doubles("missing_key");
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("missing_key"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cp.get_int64s("k"), bbg::UserError);  // wrong kind
}

TEST(IoCheckpoint, TruncationIsDetected) {
  TempDir tmp;
  const std::string good = tmp.file("good.bin");
  sample().save(good);
  const std::string bytes = bbg::io::read_file(good);
  for (size_t keep : {size_t(0), size_t(5), size_t(8), size_t(20), bytes.size() / 2,
                      bytes.size() - 8, bytes.size() - 1}) {
    const std::string p = tmp.file("trunc_" + std::to_string(keep) + ".bin");
    bbg::io::write_file_atomic(p, bytes.substr(0, keep));
    expect_corrupt(p);
  }
}

TEST(IoCheckpoint, FlippedByteIsDetected) {
  TempDir tmp;
  const std::string good = tmp.file("good.bin");
  sample().save(good);
  const std::string bytes = bbg::io::read_file(good);
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    std::string bad = bytes;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x10);
    const std::string p = tmp.file("flip.bin");
    bbg::io::write_file_atomic(p, bad);
    expect_corrupt(p);
  }
  // Trailing garbage is corrupt too.
  const std::string p = tmp.file("extra.bin");
  bbg::io::write_file_atomic(p, bytes + "x");
  expect_corrupt(p);
}

TEST(IoCheckpoint, MissingFileIsAUserError) {
  TempDir tmp;
  EXPECT_THROW(Checkpoint::load(tmp.file("none.bin")), bbg::UserError);
}
