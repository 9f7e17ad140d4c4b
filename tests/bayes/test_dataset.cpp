// Data for the weight posterior (bayes/dataset.hpp): CSV and HDF5 round trips,
// every bad-data case as a bbg::UserError naming the file, the line / row or column
// and the reason, the held-out splits (sizes, disjointness, file order, seeding),
// class-label checks, and the committed example data under configs/data/.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "bbg/bayes/dataset.hpp"
#include "bbg/core/errors.hpp"
#include "bbg/io/h5_writer.hpp"

namespace bbg {
namespace {

namespace fs = std::filesystem;

class BayesDataset : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bbg_dataset_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  // The UserError message of loading `text` as CSV with inputs x1, x2 and target y.
  std::string csv_error(const std::string& text, std::vector<std::string> inputs = {"x1", "x2"}) const {
    const std::string path = write("bad.csv", text);
    try {
      bayes::load_csv(path, inputs, {"y"});
    } catch (const UserError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no UserError for:\n" << text;
    return "";
  }

  fs::path dir_;
};

void expect_contains(const std::string& message, const std::vector<std::string>& parts) {
  for (const auto& p : parts) EXPECT_NE(message.find(p), std::string::npos) << "'" << p << "' not in: " << message;
}

TEST_F(BayesDataset, CsvRoundTrip) {
  const std::string path = write("ok.csv",
                                 "# a comment line\n"
                                 "x1, \"x2\" ,y,unused\r\n"
                                 "1.5,-2,0.25,abc\n"
                                 "\n"
                                 "  3e-1 ,4.0,+1,7\n"
                                 "-0.5,.5,-1.25E+2,x\n");
  const bayes::Dataset d = bayes::load_csv(path, {"x2", "x1"}, {"y"});
  EXPECT_EQ(d.rows, 3);
  EXPECT_EQ(d.input_names, (std::vector<std::string>{"x2", "x1"}));
  EXPECT_EQ(d.inputs, (std::vector<double>{-2.0, 1.5, 4.0, 0.3, 0.5, -0.5}));
  EXPECT_EQ(d.targets, (std::vector<double>{0.25, 1.0, -125.0}));
  EXPECT_EQ(d.origin, (std::vector<int64_t>{3, 5, 6}));  // 1-based lines, comment and blank line counted
  EXPECT_EQ(d.where(1), "line 5");
  const at::Tensor x = bayes::input_tensor(d), y = bayes::target_tensor(d);
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(x[2][1].item<double>(), -0.5);
  EXPECT_EQ(x.scalar_type(), torch::kDouble);
  // No targets (a density model): [N, 0].
  const bayes::Dataset u = bayes::load_dataset(path, {"x1"}, {});
  EXPECT_EQ(bayes::target_tensor(u).sizes(), (std::vector<int64_t>{3, 0}));
}

TEST_F(BayesDataset, CsvBadDataNamesFileLineColumnAndReason) {
  const std::string ok_header = "x1,x2,y\n";
  expect_contains(csv_error(ok_header + "1,2,3\n1,nan,3\n"), {"bad.csv", "line 3", "column 'x2'", "NaN or Inf"});
  expect_contains(csv_error(ok_header + "1,2,-Inf\n"), {"bad.csv", "line 2", "column 'y'", "NaN or Inf"});
  expect_contains(csv_error(ok_header + "1,2,1e999\n"), {"line 2", "column 'y'", "out of range"});
  expect_contains(csv_error(ok_header + "1,2,3\n1,2x,3\n"), {"bad.csv", "line 3", "column 'x2'", "cannot parse '2x'"});
  expect_contains(csv_error(ok_header + "0x10,2,3\n"), {"line 2", "column 'x1'", "cannot parse '0x10'"});
  expect_contains(csv_error(ok_header + "1,,3\n"), {"line 2", "column 'x2'", "empty cell"});
  expect_contains(csv_error(ok_header + "1,2,3\n", {"x1", "x3"}),
                  {"bad.csv", "no column 'x3'", "the columns are: x1, x2, y"});
  expect_contains(csv_error(ok_header + "1,2,3\n4,5\n"),
                  {"bad.csv", "line 3", "ragged row", "expected 3 fields", "got 2"});
  expect_contains(csv_error(""), {"bad.csv", "empty file"});
  expect_contains(csv_error("# only a comment\n\n"), {"bad.csv", "empty file"});
  expect_contains(csv_error(ok_header), {"bad.csv", "no data rows"});
  expect_contains(csv_error("x1,x1,y\n1,2,3\n"), {"bad.csv", "line 1", "'x1' appears twice"});
  expect_contains(csv_error(ok_header + "1,2,3\n", {"x1", "y"}), {"'y' is selected twice"});
  try {
    bayes::load_csv((dir_ / "missing.csv").string(), {"x"}, {"y"});
    ADD_FAILURE() << "no error for a missing file";
  } catch (const UserError& e) {
    expect_contains(e.what(), {"missing.csv", "cannot open"});
  }
  EXPECT_THROW(bayes::load_dataset(write("data.txt", "x\n1\n"), {"x"}, {}), UserError);
}

TEST_F(BayesDataset, Hdf5RoundTripAndBadData) {
  const std::string path = (dir_ / "d.h5").string();
  {
    io::H5Writer w(path);
    const std::vector<double> x = {1, 2, 3, 4, 5, 6}, y = {0.5, -0.5, 1.5};
    const std::vector<int64_t> label = {0, 1, 1};
    const std::vector<double> bad = {1.0, NAN, 2.0}, short_y = {1.0, 2.0};
    w.write("x", {3, 2}, x.data());
    w.write("group/y", {3}, y.data());
    w.write("label", {3}, label.data());
    w.write("bad", {3}, bad.data());
    w.write("short", {2}, short_y.data());
    const std::vector<double> cube(8, 0.0);
    w.write("cube", {2, 2, 2}, cube.data());
    w.commit();
  }
  const bayes::Dataset d = bayes::load_hdf5(path, {"x", "label"}, {"group/y"});
  EXPECT_EQ(d.rows, 3);
  EXPECT_EQ(d.input_names, (std::vector<std::string>{"x[0]", "x[1]", "label"}));
  EXPECT_EQ(d.inputs, (std::vector<double>{1, 2, 0, 3, 4, 1, 5, 6, 1}));
  EXPECT_EQ(d.targets, (std::vector<double>{0.5, -0.5, 1.5}));
  EXPECT_EQ(d.where(2), "row 3");
  const auto error = [&](std::vector<std::string> inputs, std::vector<std::string> targets) -> std::string {
    try {
      bayes::load_dataset(path, inputs, targets);
    } catch (const UserError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no UserError";
    return "";
  };
  expect_contains(error({"x"}, {"z"}), {"d.h5", "no dataset 'z'", "bad", "cube", "group/y", "label", "short", "x"});
  expect_contains(error({"x"}, {"bad"}), {"d.h5", "dataset 'bad'", "row 2", "NaN"});
  expect_contains(error({"x"}, {"short"}), {"d.h5", "mismatched lengths", "'short' has 2 rows", "'x' has 3"});
  expect_contains(error({"cube"}, {}), {"d.h5", "dataset 'cube'", "[2, 2, 2]", "expected [N] or [N, k]"});
  expect_contains(error({"x"}, {"group"}), {"d.h5", "group"});  // a group, not a dataset
}

TEST_F(BayesDataset, HeldOutSplits) {
  std::string text = "x,y\n";
  for (int i = 0; i < 20; ++i) text += std::to_string(i) + "," + std::to_string(i % 3) + "\n";
  bayes::DataSettings s;
  s.file = write("all.csv", text);
  s.inputs = {"x"};
  s.targets = {"y"};
  // None: everything is training data.
  bayes::DataSplit none = bayes::load_data(s);
  EXPECT_EQ(none.train.rows, 20);
  EXPECT_EQ(none.held_out.rows, 0);
  // The last K rows.
  s.held_out_last = 5;
  const bayes::DataSplit last = bayes::load_data(s);
  EXPECT_EQ(last.train.rows, 15);
  EXPECT_EQ(last.held_out.rows, 5);
  EXPECT_EQ(last.held_out.inputs.front(), 15.0);
  EXPECT_EQ(last.train.inputs.back(), 14.0);
  // A random fraction: sizes, disjoint, together everything, file order kept, seeded.
  s.held_out_last = 0;
  s.held_out_fraction = 0.3;
  s.seed = 5;
  const bayes::DataSplit a = bayes::load_data(s), b = bayes::load_data(s);
  EXPECT_EQ(a.train.rows, 14);
  EXPECT_EQ(a.held_out.rows, 6);
  std::set<double> seen(a.train.inputs.begin(), a.train.inputs.end());
  for (const double v : a.held_out.inputs) EXPECT_TRUE(seen.insert(v).second) << v << " in both parts";
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_TRUE(std::is_sorted(a.train.inputs.begin(), a.train.inputs.end()));
  EXPECT_TRUE(std::is_sorted(a.held_out.inputs.begin(), a.held_out.inputs.end()));
  EXPECT_EQ(a.held_out.inputs, b.held_out.inputs);
  for (size_t i = 0; i < a.held_out.origin.size(); ++i)  // lines follow the rows
    EXPECT_EQ(a.held_out.origin[i], static_cast<int64_t>(a.held_out.inputs[i]) + 2);
  s.seed = 6;
  EXPECT_NE(bayes::load_data(s).held_out.inputs, a.held_out.inputs);
  // Not the last rows: a random split is not the trivial one.
  EXPECT_NE(a.held_out.inputs, last.held_out.inputs);
  // A separate file.
  s.held_out_fraction = 0.0;
  s.held_out_file = write("more.csv", "y,x\n1,100\n2,101\n");
  const bayes::DataSplit f = bayes::load_data(s);
  EXPECT_EQ(f.train.rows, 20);
  EXPECT_EQ(f.held_out.inputs, (std::vector<double>{100.0, 101.0}));
  EXPECT_EQ(f.held_out.source, s.held_out_file);
  // Settings that are not allowed.
  s.held_out_last = 3;
  EXPECT_THROW(bayes::load_data(s), ConfigError);  // two kinds at once
  s.held_out_file.clear();
  s.held_out_last = 20;
  EXPECT_THROW(bayes::load_data(s), ConfigError);  // leaves no training row
  s.held_out_last = 0;
  s.held_out_fraction = 1.0;
  EXPECT_THROW(bayes::load_data(s), ConfigError);
  s.held_out_fraction = 0.01;  // rounds to 0 rows
  EXPECT_THROW(bayes::load_data(s), ConfigError);
}

TEST_F(BayesDataset, ClassLabelsAreIntegersInRange) {
  bayes::DataSettings s;
  s.file = write("c.csv", "x,y\n0.5,0\n0.1,2\n0.3,1\n");
  s.inputs = {"x"};
  s.targets = {"y"};
  s.classes = 3;
  EXPECT_EQ(bayes::load_data(s).train.rows, 3);
  s.classes = 2;
  try {
    bayes::load_data(s);
    ADD_FAILURE() << "no error for label 2 of 2 classes";
  } catch (const UserError& e) {
    expect_contains(e.what(), {"c.csv", "line 3", "column 'y'", "2 is not a class label", "0 .. 1"});
  }
  s.file = write("d.csv", "x,y\n0.5,0\n0.1,0.5\n");
  s.classes = 2;
  try {
    bayes::load_data(s);
    ADD_FAILURE() << "no error for label 0.5";
  } catch (const UserError& e) {
    expect_contains(e.what(), {"d.csv", "line 3", "0.5 is not a class label"});
  }
}

// The committed examples (scripts/make_bayes_data.py) load, with the stated sizes.
TEST_F(BayesDataset, CommittedExampleDataLoad) {
  const std::string root = std::string(BBG_SOURCE_DIR) + "/configs/data/";
  bayes::DataSettings lin;
  lin.file = root + "linear_regression.csv";
  lin.inputs = {"x1", "x2", "x3"};
  lin.targets = {"y"};
  lin.held_out_last = 50;
  const auto l = bayes::load_data(lin);
  EXPECT_EQ(l.train.rows, 100);
  EXPECT_EQ(l.held_out.rows, 50);
  bayes::DataSettings gap;
  gap.file = root + "gap_regression.csv";
  gap.held_out_file = root + "gap_regression_held_out.csv";
  gap.inputs = {"x"};
  gap.targets = {"y"};
  const auto g = bayes::load_data(gap);
  for (const double x : g.train.inputs) EXPECT_TRUE(std::abs(x) >= 1.0 && std::abs(x) <= 3.0) << x;
  bool in_gap = false;
  for (const double x : g.held_out.inputs) in_gap = in_gap || std::abs(x) < 1.0;
  EXPECT_TRUE(in_gap);
  bayes::DataSettings moons;
  moons.file = root + "two_moons.csv";
  moons.inputs = {"x1", "x2"};
  moons.targets = {"label"};
  moons.classes = 2;
  EXPECT_EQ(bayes::load_data(moons).train.rows, 200);
}

}  // namespace
}  // namespace bbg
