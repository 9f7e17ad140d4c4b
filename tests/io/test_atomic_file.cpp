#include <gtest/gtest.h>

#include <fstream>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/json_summary.hpp"
#include "io_test_util.hpp"

#include <nlohmann/json.hpp>

using bbg::io::testing::TempDir;

TEST(IoAtomicFile, WritesAndReplacesWithoutLeftovers) {
  TempDir tmp;
  const std::string p = tmp.file("a.txt");
  bbg::io::write_file_atomic(p, "first");
  EXPECT_EQ(bbg::io::read_file(p), "first");
  bbg::io::write_file_atomic(p, std::string("second\0binary", 13));
  EXPECT_EQ(bbg::io::read_file(p), std::string("second\0binary", 13));
  bbg::io::write_file_atomic(p, "");
  EXPECT_EQ(bbg::io::read_file(p), "");
  EXPECT_EQ(tmp.names(), std::vector<std::string>{"a.txt"});
}

TEST(IoAtomicFile, ErrorsNameTheFile) {
  TempDir tmp;
  const std::string missing = tmp.file("nope.txt");
  try {
    bbg::io::read_file(missing);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_THROW(bbg::io::read_file(tmp.path()), bbg::UserError);
  const std::string bad = tmp.file("no_such_dir/x.txt");
  try {
    bbg::io::write_file_atomic(bad, "x");
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
  }
  EXPECT_TRUE(tmp.names().empty());
}

TEST(IoJsonSummary, NonFiniteBecomesNull) {
  EXPECT_TRUE(bbg::io::finite_or_null(std::nan("")).is_null());
  EXPECT_TRUE(bbg::io::finite_or_null(HUGE_VAL).is_null());
  EXPECT_TRUE(bbg::io::finite_or_null(-HUGE_VAL).is_null());
  EXPECT_EQ(bbg::io::finite_or_null(1.5).get<double>(), 1.5);
  const nlohmann::json a = bbg::io::finite_or_null(std::vector<double>{1.0, std::nan(""), 2.0});
  ASSERT_TRUE(a.is_array());
  ASSERT_EQ(a.size(), 3u);
  EXPECT_TRUE(a[1].is_null());
  nlohmann::json j;
  j["x"] = bbg::io::finite_or_null(0.25);
  j["y"] = bbg::io::finite_or_null(std::nan(""));
  const std::string s = bbg::io::dump_json(j);
  EXPECT_EQ(nlohmann::json::parse(s), j);
  EXPECT_NE(s.find("null"), std::string::npos);
  EXPECT_EQ(s.back(), '\n');
  EXPECT_EQ(bbg::io::dump_json(j, -1), "{\"x\":0.25,\"y\":null}\n");
}
