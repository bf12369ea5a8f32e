#include "graph/ingest/named_matrix.h"

#include <cmath>
#include <limits>

#include <ATen/ops/from_blob.h>
#include <gtest/gtest.h>

#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "graph/ingest/alignment_vectors.h"
#include "graph/ingest/npy_reader.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;
using testing::raw_bytes;
using testing::write_npy;
using testing::write_text;

constexpr const char* kDict23 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

class NamedMatrixTest : public core::testing::TempDirTest {
 protected:
  std::string npy_error(const std::string& dict, const std::string& data, int major = 1) {
    write_npy(path("m.npy"), dict, data, major);
    return message_of<core::InputError>([&] { read_npy_matrix(path("m.npy").string()); });
  }

  template <typename T>
  void write_h5(const std::string& name, const std::vector<std::string>& names,
                std::vector<T> values, std::vector<std::int64_t> shape, c10::ScalarType dtype,
                const char* matrix = "features") {
    auto file = core::h5::File::create(path(name), core::h5::Overwrite::kYes);
    core::h5::write_strings(file, "names", names);
    core::h5::write_tensor(file, matrix,
                           at::from_blob(values.data(), shape, at::TensorOptions().dtype(dtype)));
    file.close();
  }
};

TEST_F(NamedMatrixTest, ReadsEveryNpyVersionInFloat32AndFloat64) {
  const std::vector<float> f32 = {1, 2, 3, 4, 5, 6.5F};
  const std::vector<double> f64 = {1, 2, 3, 4, 5, 6.5};
  for (const int major : {1, 2, 3}) {
    write_npy(path("a.npy"), kDict23, raw_bytes(f32), major);
    const NpyMatrix a = read_npy_matrix(path("a.npy").string());
    EXPECT_EQ(a.rows, 2);
    EXPECT_EQ(a.cols, 3);
    EXPECT_EQ(a.values, f32) << "version " << major;
    write_npy(path("b.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }",
              raw_bytes(f64), major);
    const NpyMatrix b = read_npy_matrix(path("b.npy").string());
    EXPECT_EQ(b.rows, 3);
    EXPECT_EQ(b.descr, "<f8");
    EXPECT_EQ(b.values, f32) << "version " << major;
  }
}

TEST_F(NamedMatrixTest, RejectsNpyFilesItCannotRead) {
  const std::string data = raw_bytes(std::vector<float>(6, 1.0F));
  EXPECT_TRUE(contains(npy_error("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }",
                                 raw_bytes(std::vector<std::int64_t>(6))),
                       "dtype '<i8' is not supported"));
  EXPECT_TRUE(
      contains(npy_error("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", data),
               "dtype '>f4' is not supported: expected little-endian"));
  EXPECT_TRUE(
      contains(npy_error("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data),
               "Fortran (column-major) order"));
  EXPECT_TRUE(contains(npy_error("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", data),
                       "expected a 2-D .npy array [rows, dim], found shape (6,)"));
  EXPECT_TRUE(contains(npy_error(kDict23, data.substr(0, 20)), "the file holds 20 (truncated)"));
  EXPECT_TRUE(contains(npy_error("{'fortran_order': False, 'shape': (2, 3), }", data),
                       "has no 'descr' entry"));
  EXPECT_TRUE(contains(npy_error(kDict23, data, 4), "format version 4.0 is not supported"));
  write_text(path("m.npy"), "PK\x03\x04 a zip file");
  EXPECT_TRUE(
      contains(message_of<core::InputError>([&] { read_npy_matrix(path("m.npy").string()); }),
               "not a NumPy .npy file"));
  EXPECT_FALSE(
      message_of<core::IoError>([&] { read_npy_matrix(path("absent.npy").string()); }).empty());
}

TEST_F(NamedMatrixTest, NpyWithNamesFileAndRowMatching) {
  write_npy(path("f.npy"), kDict23, raw_bytes(std::vector<float>{1, 2, 3, 4, 5, 6}));
  write_text(path("names.txt"), "r/pics\naww\n");
  const NamedMatrix m = read_feature_matrix(path("f.npy").string(), path("names.txt").string());
  EXPECT_EQ(m.names, (std::vector<std::string>{"pics", "aww"}));
  const std::vector<std::string> wanted = {"aww", "cpp", "pics"};
  const MatchedRows matched = match_rows(m, wanted);
  EXPECT_EQ(matched.matched, 2);
  EXPECT_EQ(matched.unmatched, 1);
  EXPECT_EQ(matched.unused_rows, 0);
  const std::vector<float> rows(matched.rows.data_ptr<float>(), matched.rows.data_ptr<float>() + 9);
  EXPECT_EQ(rows, (std::vector<float>{4, 5, 6, 0, 0, 0, 1, 2, 3}));
}

TEST_F(NamedMatrixTest, NamesThatDoNotFitTheRowsAreAShapeMismatch) {
  write_npy(path("f.npy"), kDict23, raw_bytes(std::vector<float>(6, 1.0F)));
  write_text(path("names.txt"), "pics\naww\ncpp\n");
  const auto message = message_of<core::InputError>(
      [&] { read_feature_matrix(path("f.npy").string(), path("names.txt").string()); });
  EXPECT_TRUE(contains(message, "has 2 rows but")) << message;
  EXPECT_TRUE(contains(message, "has 3 names (shape mismatch")) << message;
  EXPECT_TRUE(contains(
      message_of<core::ConfigError>([&] { read_feature_matrix(path("f.npy").string(), ""); }),
      "ingest.features_names"));
}

TEST_F(NamedMatrixTest, ReadsHdf5FeaturesInEitherFloatType) {
  write_h5<double>("f.h5", {"pics", "aww"}, {1, 2, 3, 4}, {2, 2}, at::kDouble);
  const NamedMatrix m = read_feature_matrix(path("f.h5").string(), "");
  EXPECT_EQ(m.dim, 2);
  EXPECT_EQ(m.values, (std::vector<float>{1, 2, 3, 4}));
}

TEST_F(NamedMatrixTest, RejectsBadHdf5Features) {
  write_h5<float>("rows.h5", {"pics", "aww", "cpp"}, {1, 2, 3, 4}, {2, 2}, at::kFloat);
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { read_feature_matrix(path("rows.h5").string(), ""); }),
      "/features has 2 rows but /names has 3 names (shape mismatch"));
  write_h5<float>("flat.h5", {"pics", "aww"}, {1, 2}, {2}, at::kFloat);
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { read_feature_matrix(path("flat.h5").string(), ""); }),
      "has shape [2], expected a 2-D matrix"));
  write_h5<std::int32_t>("int.h5", {"pics"}, {1, 2}, {1, 2}, at::kInt);
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { read_feature_matrix(path("int.h5").string(), ""); }),
      "holds int32, expected float32 or float64"));
  write_h5<float>("nan.h5", {"pics", "aww"}, {1, 2, std::numeric_limits<float>::quiet_NaN(), 4},
                  {2, 2}, at::kFloat);
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { read_feature_matrix(path("nan.h5").string(), ""); }),
      "row 1 ('aww') column 0 holds nan; every value must be finite"));
  write_h5<float>("dup.h5", {"pics", "r/pics"}, {1, 2, 3, 4}, {2, 2}, at::kFloat);
  EXPECT_TRUE(contains(
      message_of<core::InputError>([&] { read_feature_matrix(path("dup.h5").string(), ""); }),
      "name 'pics' appears twice (rows 0 and 1)"));
}

TEST_F(NamedMatrixTest, AlignmentFileRowsAreNormalizedAndMatchedToUsers) {
  write_h5<float>("align.h5", {"bob", "zed", "alice", "nil"}, {3, 4, 1, 0, 0, 2, 0, 0}, {4, 2},
                  at::kFloat, "vectors");
  const NamedMatrix m = read_alignment_file(path("align.h5").string());
  const std::vector<std::string> users = {"alice", "bob", "carol", "nil"};
  AlignmentReport report;
  const auto alignment = alignment_from_matrix(m, users, &report);
  ASSERT_TRUE(alignment.has_value());
  EXPECT_EQ(alignment->user_ids, (std::vector<std::int64_t>{0, 1}));
  const float* v = alignment->vectors.data_ptr<float>();
  EXPECT_EQ((std::vector<float>(v, v + 4)), (std::vector<float>{0, 1, 0.6F, 0.8F}));
  EXPECT_EQ(report.users, 2);
  EXPECT_EQ(report.unmatched_rows, 1);  // zed
  EXPECT_EQ(report.zero_vectors, 1);    // nil
}

}  // namespace
}  // namespace zipp::graph
