#include <gtest/gtest.h>

#include <fstream>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/run_directory.hpp"
#include "io_test_util.hpp"

using bbg::io::RunDirectory;
using bbg::io::testing::exists;
using bbg::io::testing::TempDir;

TEST(IoRunDirectory, CreatesParentsAndWritesFiles) {
  TempDir tmp;
  const std::string dir = tmp.file("a/b/run");
  RunDirectory rd = RunDirectory::prepare(dir, false);
  EXPECT_EQ(rd.path(), dir);
  EXPECT_EQ(rd.file("x.txt"), dir + "/x.txt");
  EXPECT_FALSE(rd.finished());
  rd.write_text("config.toml", "a = 1\n");
  EXPECT_EQ(bbg::io::read_file(rd.file("config.toml")), "a = 1\n");
  rd.mark_finished("{}\n");
  EXPECT_TRUE(rd.finished());
  EXPECT_EQ(bbg::io::read_file(rd.file("summary.json")), "{}\n");
}

TEST(IoRunDirectory, UnfinishedDirectoryIsReused) {
  TempDir tmp;
  const std::string dir = tmp.file("run");
  RunDirectory::prepare(dir, false).write_text("keep.txt", "k");
  RunDirectory rd = RunDirectory::prepare(dir, false);
  EXPECT_TRUE(exists(rd.file("keep.txt")));
}

TEST(IoRunDirectory, RefusesFinishedRunWithoutForce) {
  TempDir tmp;
  const std::string dir = tmp.file("run");
  {
    RunDirectory rd = RunDirectory::prepare(dir, false);
    bbg::io::write_file_atomic(rd.file("chains.h5"), "old result");
    rd.mark_finished("{\"old\": true}");
  }
  try {
    RunDirectory::prepare(dir, false);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(dir), std::string::npos) << msg;
    EXPECT_NE(msg.find("already holds a finished run"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--force"), std::string::npos) << msg;
  }
  EXPECT_THROW(RunDirectory::prepare(dir, false, /*resume=*/true), bbg::UserError);
  // Nothing was touched by the refusals.
  EXPECT_TRUE(exists(dir + "/summary.json"));
  EXPECT_TRUE(exists(dir + "/chains.h5"));
}

TEST(IoRunDirectory, ForceRemovesOldResults) {
  TempDir tmp;
  const std::string dir = tmp.file("run");
  {
    RunDirectory rd = RunDirectory::prepare(dir, false);
    bbg::io::write_file_atomic(rd.file("chains.h5"), "old result");
    bbg::io::write_file_atomic(rd.file("exact.h5"), "old result");
    bbg::io::write_file_atomic(rd.file("notes.txt"), "not a result");
    rd.mark_finished("{}");
  }
  RunDirectory rd = RunDirectory::prepare(dir, true);
  EXPECT_FALSE(rd.finished());
  EXPECT_FALSE(exists(dir + "/summary.json"));
  EXPECT_FALSE(exists(dir + "/chains.h5"));
  EXPECT_FALSE(exists(dir + "/exact.h5"));
  EXPECT_TRUE(exists(dir + "/notes.txt"));
}

TEST(IoRunDirectory, ErrorsOnAFilePath) {
  TempDir tmp;
  const std::string f = tmp.file("plainfile");
  bbg::io::write_file_atomic(f, "x");
  try {
    RunDirectory::prepare(f, false);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(f), std::string::npos) << e.what();
  }
  EXPECT_THROW(RunDirectory::prepare(f, true), bbg::UserError);
  EXPECT_EQ(bbg::io::read_file(f), "x");
}

TEST(IoRunDirectory, RemovesPartialFiles) {
  TempDir tmp;
  const std::string dir = tmp.file("run");
  RunDirectory rd = RunDirectory::prepare(dir, false);
  bbg::io::write_file_atomic(rd.file("chains.h5.partial"), "p");
  bbg::io::write_file_atomic(rd.file("summary.json.tmp.12345"), "t");
  bbg::io::write_file_atomic(rd.file("checkpoint.bin"), "c");
  rd.remove_partial_files();
  EXPECT_FALSE(exists(rd.file("chains.h5.partial")));
  EXPECT_FALSE(exists(rd.file("summary.json.tmp.12345")));
  EXPECT_TRUE(exists(rd.file("checkpoint.bin")));
  // prepare() also clears leftovers from a crashed run, keeping checkpoints for resume.
  bbg::io::write_file_atomic(rd.file("x.h5.partial"), "p");
  RunDirectory again = RunDirectory::prepare(dir, false, /*resume=*/true);
  EXPECT_FALSE(exists(again.file("x.h5.partial")));
  EXPECT_TRUE(exists(again.file("checkpoint.bin")));
}

TEST(IoRunDirectory, DefaultRunDir) {
  EXPECT_EQ(bbg::io::default_run_dir("", "run"), "runs/default");
  EXPECT_EQ(bbg::io::default_run_dir("configs/ising_8x8.toml", "run"), "runs/ising_8x8");
  EXPECT_EQ(bbg::io::default_run_dir("configs/ising_8x8.toml", "exact"), "runs/ising_8x8-exact");
  EXPECT_EQ(bbg::io::default_run_dir("", "bench"), "runs/default-bench");
  EXPECT_EQ(bbg::io::default_run_dir("my.run.toml", "run"), "runs/my.run");
}
