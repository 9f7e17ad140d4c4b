#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "bbg/core/errors.hpp"
#include "bbg/io/atomic_file.hpp"
#include "bbg/io/h5_writer.hpp"
#include "io_test_util.hpp"

using bbg::io::H5Reader;
using bbg::io::H5Writer;
using bbg::io::testing::exists;
using bbg::io::testing::TempDir;

TEST(IoH5Writer, FixedDatasetsAndAttributesRoundTrip) {
  TempDir tmp;
  const std::string path = tmp.file("result.h5");
  const std::vector<double> d = {0.5, -1.25, 3.0, std::numeric_limits<double>::quiet_NaN(),
                                 1e300, -0.0};
  const std::vector<int8_t> s = {-1, 1, 1, -1, 127, -128};
  const std::vector<int64_t> k = {int64_t(1) << 60, -7, 0};
  {
    H5Writer w(path);
    EXPECT_EQ(w.partial_path(), path + ".partial");
    w.write("observables/m2", {2, 3}, d.data());
    w.write("spins", {6}, s.data());
    w.write("counts", {3}, k.data());
    const double scalar = 42.5;
    w.write("scalar", {}, &scalar);
    w.write("empty", {0, 4}, static_cast<const double*>(nullptr));
    w.set_attribute("/", "version", "0.1.0");
    w.set_attribute("/", "empty_text", std::string());
    w.set_attribute("/", "beta", 0.4406868);
    w.set_attribute("/", "seed", int64_t(1234567890123));
    w.set_attribute("/", "small_int", 3);
    w.set_attribute("observables/m2", "units", "per site");
    w.set_attribute("observables", "note", "group attribute");
    w.set_attribute("observables/m2", "betas", std::vector<double>{0.1, 0.2, 0.3});
    w.set_attribute("observables/m2", "none", std::vector<double>{});
    w.set_attribute("/", "version", "0.2.0");  // replaces
    w.commit();
  }
  ASSERT_TRUE(exists(path));
  H5Reader r(path);
  EXPECT_TRUE(r.has("observables"));
  EXPECT_TRUE(r.has("observables/m2"));
  EXPECT_TRUE(r.has("/observables/m2"));
  EXPECT_TRUE(r.has("/"));
  EXPECT_FALSE(r.has("observables/m4"));
  EXPECT_FALSE(r.has("nothere/m2"));
  EXPECT_EQ(r.dims("observables/m2"), (std::vector<int64_t>{2, 3}));
  const auto rd = r.read_double("observables/m2");
  ASSERT_EQ(rd.size(), d.size());
  for (size_t i = 0; i < d.size(); ++i) {
    if (std::isnan(d[i])) {
      EXPECT_TRUE(std::isnan(rd[i]));
    } else {
      EXPECT_EQ(rd[i], d[i]);
    }
  }
  EXPECT_TRUE(std::signbit(rd[5]));
  const auto rs = r.read_double("spins");
  ASSERT_EQ(rs.size(), s.size());
  for (size_t i = 0; i < s.size(); ++i) EXPECT_EQ(rs[i], double(s[i]));
  EXPECT_EQ(r.read_int64("counts"), k);
  EXPECT_EQ(r.dims("scalar"), std::vector<int64_t>{});
  EXPECT_EQ(r.read_double("scalar"), std::vector<double>{42.5});
  EXPECT_EQ(r.dims("empty"), (std::vector<int64_t>{0, 4}));
  EXPECT_TRUE(r.read_double("empty").empty());
  EXPECT_EQ(r.read_slab_double("observables/m2", {1, 1}, {1, 2}), (std::vector<double>{1e300, -0.0}));

  EXPECT_EQ(r.attribute_string("/", "version"), "0.2.0");
  EXPECT_EQ(r.attribute_string("/", "empty_text"), "");
  EXPECT_EQ(r.attribute_double("/", "beta"), 0.4406868);
  EXPECT_EQ(r.attribute_int64("/", "seed"), 1234567890123);
  EXPECT_EQ(r.attribute_double("/", "seed"), 1234567890123.0);
  EXPECT_EQ(r.attribute_int64("/", "small_int"), 3);
  EXPECT_EQ(r.attribute_string("observables/m2", "units"), "per site");
  EXPECT_EQ(r.attribute_string("observables", "note"), "group attribute");
  EXPECT_EQ(r.attribute_doubles("observables/m2", "betas"), (std::vector<double>{0.1, 0.2, 0.3}));
  EXPECT_TRUE(r.attribute_doubles("observables/m2", "none").empty());
  EXPECT_TRUE(r.has_attribute("/", "beta"));
  EXPECT_FALSE(r.has_attribute("/", "gamma"));
  EXPECT_FALSE(r.has_attribute("missing", "beta"));

  // Errors name the file and the object.
  try {
    r.read_double("observables/m4");
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find("observables/m4"), std::string::npos) << msg;
  }
  try {
    r.attribute_string("/", "gamma");
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("gamma"), std::string::npos) << e.what();
  }
  EXPECT_THROW(r.attribute_double("/", "version"), bbg::UserError);
  EXPECT_THROW(r.attribute_string("/", "beta"), bbg::UserError);
  EXPECT_THROW(r.read_slab_double("observables/m2", {1, 2}, {1, 2}), bbg::UserError);
  EXPECT_THROW(r.read_int64("observables/m2"), bbg::UserError);
}

TEST(IoH5Writer, GrowableDatasetGrowsInSlabs) {
  TempDir tmp;
  const std::string path = tmp.file("chains.h5");
  const int64_t chains = 3, per = 7, slabs = 5, L = 4;
  auto value = [](int64_t c, int64_t t, int64_t i, int64_t j) {
    return double(c * 100000 + t * 100 + i * 10 + j) + 0.5;
  };
  auto spin = [](int64_t c, int64_t t, int64_t i, int64_t j) {
    return static_cast<int8_t>(((c + t + i + j) % 2) ? 1 : -1);
  };
  {
    H5Writer w(path);
    w.create_growable("samples/x", {chains, 0, L, L}, 1, H5Writer::Type::Float64, {chains, 8, L, L});
    w.create_growable("samples/spins", {chains, 0, L, L}, 1, H5Writer::Type::Int8, {1, 16, L, L});
    w.create_growable("energy_trace", {0}, 0, H5Writer::Type::Int64, {});  // auto chunk
    for (int64_t s = 0; s < slabs; ++s) {
      std::vector<double> buf;
      std::vector<int8_t> sb;
      for (int64_t c = 0; c < chains; ++c)
        for (int64_t t = s * per; t < (s + 1) * per; ++t)
          for (int64_t i = 0; i < L; ++i)
            for (int64_t j = 0; j < L; ++j) {
              buf.push_back(value(c, t, i, j));
              sb.push_back(spin(c, t, i, j));
            }
      w.write_slab("samples/x", {0, s * per, 0, 0}, {chains, per, L, L}, buf.data());
      w.write_slab("samples/spins", {0, s * per, 0, 0}, {chains, per, L, L}, sb.data());
      std::vector<int64_t> e(per);
      for (int64_t t = 0; t < per; ++t) e[t] = -(s * per + t) * 1000000007LL;
      w.write_slab("energy_trace", {s * per}, {per}, e.data());
      w.flush();
      // Mid-run, only the .partial exists.
      EXPECT_TRUE(exists(path + ".partial"));
      EXPECT_FALSE(exists(path));
    }
    w.set_attribute("samples/x", "n_samples", slabs * per);
    w.commit();
    EXPECT_TRUE(w.committed());
  }
  EXPECT_TRUE(exists(path));
  EXPECT_FALSE(exists(path + ".partial"));
  H5Reader r(path);
  const int64_t T = per * slabs;
  EXPECT_EQ(r.dims("samples/x"), (std::vector<int64_t>{chains, T, L, L}));
  EXPECT_EQ(r.dims("samples/spins"), (std::vector<int64_t>{chains, T, L, L}));
  EXPECT_EQ(r.dims("energy_trace"), std::vector<int64_t>{T});
  const auto x = r.read_double("samples/x");
  const auto sp = r.read_double("samples/spins");
  ASSERT_EQ(x.size(), size_t(chains * T * L * L));
  size_t idx = 0;
  int bad = 0;
  for (int64_t c = 0; c < chains; ++c)
    for (int64_t t = 0; t < T; ++t)
      for (int64_t i = 0; i < L; ++i)
        for (int64_t j = 0; j < L; ++j, ++idx) {
          bad += x[idx] != value(c, t, i, j);
          bad += sp[idx] != double(spin(c, t, i, j));
        }
  EXPECT_EQ(bad, 0);
  const auto e = r.read_int64("energy_trace");
  for (int64_t t = 0; t < T; ++t) ASSERT_EQ(e[t], -t * 1000000007LL);
  EXPECT_EQ(r.attribute_int64("samples/x", "n_samples"), T);
  // A block of chain 2, samples 10..12, row 3.
  const auto blk = r.read_slab_double("samples/x", {2, 10, 3, 0}, {1, 3, 1, L});
  ASSERT_EQ(blk.size(), size_t(3 * L));
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t j = 0; j < L; ++j) EXPECT_EQ(blk[t * L + j], value(2, 10 + t, 3, j));
}

TEST(IoH5Writer, OutOfOrderSlabsAndFixedAxesChecked) {
  TempDir tmp;
  const std::string path = tmp.file("g.h5");
  H5Writer w(path);
  w.create_growable("a", {2, 0}, 1, H5Writer::Type::Float64, {2, 4});
  const std::vector<double> late = {1, 2, 3, 4};
  w.write_slab("a", {0, 10}, {2, 2}, late.data());  // leaves a gap that reads as 0
  const std::vector<double> early = {5, 6};
  w.write_slab("a", {1, 0}, {1, 2}, early.data());
  // Growing a fixed axis is a programming error, not a silent reshape.
  EXPECT_THROW(w.write_slab("a", {1, 0}, {2, 2}, late.data()), std::invalid_argument);
  EXPECT_THROW(w.write_slab("missing", {0, 0}, {1, 1}, late.data()), bbg::UserError);
  EXPECT_THROW(w.write("a", {1}, late.data()), bbg::UserError);  // already exists
  w.commit();
  H5Reader r(path);
  EXPECT_EQ(r.dims("a"), (std::vector<int64_t>{2, 12}));
  const auto v = r.read_double("a");
  EXPECT_EQ(v[10], 1);
  EXPECT_EQ(v[11], 2);
  EXPECT_EQ(v[12 + 0], 5);
  EXPECT_EQ(v[12 + 1], 6);
  EXPECT_EQ(v[12 + 5], 0);
  EXPECT_EQ(v[12 + 10], 3);
  EXPECT_EQ(v[12 + 11], 4);
}

TEST(IoH5Writer, DestructorWithoutCommitLeavesNothing) {
  TempDir tmp;
  const std::string path = tmp.file("abandoned.h5");
  {
    H5Writer w(path);
    const std::vector<double> d = {1, 2, 3};
    w.write("x", {3}, d.data());
    w.create_growable("g", {0, 2}, 0, H5Writer::Type::Float64, {4, 2});
    w.write_slab("g", {0, 0}, {1, 2}, d.data());
    w.flush();
    EXPECT_TRUE(exists(path + ".partial"));
  }
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path + ".partial"));
  EXPECT_TRUE(tmp.names().empty());
}

TEST(IoH5Writer, CommitProducesOnlyTheFinalFile) {
  TempDir tmp;
  const std::string path = tmp.file("done.h5");
  {
    H5Writer w(path);
    const int64_t one = 1;
    w.write("one", {1}, &one);
    w.commit();
    EXPECT_THROW(w.flush(), std::logic_error);
  }
  EXPECT_EQ(tmp.names(), std::vector<std::string>{"done.h5"});
  // A second writer replaces the old file only at commit.
  {
    H5Writer w(path);
    const int64_t two = 2;
    w.write("two", {1}, &two);
    EXPECT_TRUE(H5Reader(path).has("one"));
  }
  EXPECT_TRUE(H5Reader(path).has("one"));
  EXPECT_FALSE(H5Reader(path).has("two"));
  EXPECT_EQ(tmp.names(), std::vector<std::string>{"done.h5"});
}

TEST(IoH5Writer, MovedWriterCommitsOnce) {
  TempDir tmp;
  const std::string path = tmp.file("m.h5");
  auto make = [&]() {
    H5Writer w(path);
    const double x = 3.5;
    w.write("x", {}, &x);
    return w;
  };
  H5Writer w = make();
  H5Writer w2(std::move(w));
  w2.commit();
  EXPECT_EQ(H5Reader(path).read_double("x"), std::vector<double>{3.5});
}

TEST(IoH5Reader, MissingOrNotHdf5IsAUserError) {
  TempDir tmp;
  const std::string missing = tmp.file("missing.h5");
  try {
    H5Reader r(missing);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  const std::string text = tmp.file("text.h5");
  bbg::io::write_file_atomic(text, "this is not hdf5\n");
  try {
    H5Reader r(text);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(text), std::string::npos) << msg;
    EXPECT_NE(msg.find("not an HDF5 file"), std::string::npos) << msg;
  }
  EXPECT_THROW(H5Reader r(tmp.path()), bbg::UserError);
}

TEST(IoH5Writer, UncreatableFileIsAUserError) {
  TempDir tmp;
  const std::string path = tmp.file("no_dir/x.h5");
  try {
    H5Writer w(path);
    FAIL() << "expected UserError";
  } catch (const bbg::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}
