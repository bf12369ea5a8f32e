#include "core/io/h5_tensor.h"

#include <sstream>
#include <tuple>

#include <ATen/ops/arange.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/remainder.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include "core/io/h5_appender.h"
#include "core/io/h5_file.h"
#include "tests/core/io/temp_dir.h"

namespace zipp::core::h5 {
namespace {

using testing::contains;
using testing::message_of;

// Distinct, exactly representable values of any dtype in the given shape.
at::Tensor sample(c10::ScalarType dtype, const std::vector<std::int64_t>& shape) {
  std::int64_t numel = 1;
  for (std::int64_t size : shape) numel *= size;
  at::Tensor values = at::arange(numel, at::TensorOptions().dtype(at::kLong));
  values = dtype == at::kBool ? at::remainder(values, 2) : at::remainder(values, 100).sub(50);
  if (dtype == at::kByte) values = values.add(50);
  return values.to(dtype).reshape(shape);
}

class H5TensorTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    file_ = File::create(path("graph.h5"), Overwrite::kNo);
  }
  void TearDown() override {
    file_ = File();
    TempDirTest::TearDown();
  }
  File file_;
};

using RoundTripCase = std::tuple<c10::ScalarType, std::vector<std::int64_t>>;

class H5TensorRoundTrip : public H5TensorTest,
                          public ::testing::WithParamInterface<RoundTripCase> {};

TEST_P(H5TensorRoundTrip, ReadsBackWhatWasWritten) {
  const auto& [dtype, shape] = GetParam();
  const at::Tensor tensor = sample(dtype, shape);
  write_tensor(file_, "plain", tensor);
  write_tensor(file_, "packed/deflated", tensor, WriteOptions{.chunk_rows = 2, .deflate_level = 6});
  for (const char* name : {"plain", "packed/deflated"}) {
    const at::Tensor back = read_tensor(file_, name);
    EXPECT_EQ(back.scalar_type(), dtype) << name;
    EXPECT_EQ(back.sizes().vec(), shape) << name;
    EXPECT_TRUE(at::equal(back, tensor)) << name;
    const DatasetInfo info = dataset_info(file_, name);
    EXPECT_EQ(info.dtype, dtype);
    EXPECT_EQ(info.type_name, dtype_name(dtype));
    EXPECT_EQ(info.shape, shape);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryDtypeAndShape, H5TensorRoundTrip,
    ::testing::Combine(
        ::testing::Values(at::kFloat, at::kDouble, at::kHalf, at::kBFloat16, at::kChar, at::kShort,
                          at::kInt, at::kLong, at::kByte, at::kBool),
        ::testing::Values(std::vector<std::int64_t>{7}, std::vector<std::int64_t>{5, 3},
                          std::vector<std::int64_t>{2, 3, 4},
                          std::vector<std::int64_t>{0}, std::vector<std::int64_t>{0, 3},
                          std::vector<std::int64_t>{3, 0}, std::vector<std::int64_t>{})),
    [](const auto& param_info) {
      const c10::ScalarType dtype = std::get<0>(param_info.param);
      const std::vector<std::int64_t>& shape = std::get<1>(param_info.param);
      std::ostringstream name;
      name << dtype_name(dtype);
      for (std::int64_t size : shape) name << '_' << size;
      if (shape.empty()) name << "_scalar";
      return name.str();
    });

TEST_F(H5TensorTest, NonContiguousTensorsAreWrittenInLogicalOrder) {
  const at::Tensor tensor = sample(at::kFloat, {3, 4}).t();
  write_tensor(file_, "t", tensor);
  EXPECT_TRUE(at::equal(read_tensor(file_, "t"), tensor));
}

TEST_F(H5TensorTest, ReadRowsReadsRanges) {
  const at::Tensor tensor = sample(at::kLong, {10, 3});
  write_tensor(file_, "x", tensor, WriteOptions{.chunk_rows = 4});
  EXPECT_TRUE(at::equal(read_rows(file_, "x", 0, 1), tensor.narrow(0, 0, 1)));
  EXPECT_TRUE(at::equal(read_rows(file_, "x", 3, 9), tensor.narrow(0, 3, 6)));
  EXPECT_TRUE(at::equal(read_rows(file_, "x", 9, 10), tensor.narrow(0, 9, 1)));
  EXPECT_TRUE(at::equal(read_rows(file_, "x", 0, 10), tensor));
  const Dataset dataset = open_dataset(file_, "x");
  EXPECT_TRUE(at::equal(read_rows(dataset, 2, 6), tensor.narrow(0, 2, 4)));
  EXPECT_EQ(dataset_info(dataset).shape, (std::vector<std::int64_t>{10, 3}));
  const at::Tensor none = read_rows(file_, "x", 5, 5);
  EXPECT_EQ(none.sizes().vec(), (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ(none.scalar_type(), at::kLong);

  const std::string past = message_of<Hdf5Error>([&] { read_rows(file_, "x", 8, 12); });
  EXPECT_TRUE(contains(past, "graph.h5: dataset '/x': cannot read rows [8, 12): it has 10 rows"))
      << past;
  EXPECT_TRUE(contains(message_of<Hdf5Error>([&] { read_rows(file_, "x", 4, 2); }), "rows [4, 2)"));
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { read_rows(file_, "x", -1, 2); }), "rows [-1, 2)"));
  write_tensor(file_, "scalar", sample(at::kFloat, {}));
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { read_rows(file_, "scalar", 0, 1); }), "is a scalar"));
}

TEST_F(H5TensorTest, ExpectedDtypeAndShapeAreChecked) {
  write_tensor(file_, "csr/indptr", sample(at::kInt, {5}));
  write_tensor(file_, "features", sample(at::kFloat, {4, 64}));
  EXPECT_EQ(read_tensor(file_, "features", at::kFloat, {Dim("N"), 64}).size(0), 4);
  EXPECT_EQ(require_tensor(file_, "csr/indptr", at::kInt, {kAnySize}).shape,
            std::vector<std::int64_t>{5});

  const std::string dtype =
      message_of<Hdf5Error>([&] { read_tensor(file_, "csr/indptr", at::kLong, {Dim("N+1", 11)}); });
  EXPECT_TRUE(contains(dtype,
                       "graph.h5: dataset '/csr/indptr' holds int32 with shape [5], expected "
                       "int64 with shape [N+1=11]"))
      << dtype;
  const std::string shape = message_of<Hdf5Error>([&] {
    require_tensor(file_, "features", at::kFloat, {Dim("N"), 32});
  });
  EXPECT_TRUE(
      contains(shape, "holds float32 with shape [4, 64], expected float32 with shape [N, 32]"))
      << shape;
  const std::string rank =
      message_of<Hdf5Error>([&] { require_tensor(file_, "features", at::kFloat, {4}); });
  EXPECT_TRUE(contains(rank, "expected float32 with shape [4]")) << rank;
}

TEST_F(H5TensorTest, MissingDatasetsListWhatIsThere) {
  write_tensor(file_, "csr/indices", sample(at::kLong, {3}));
  write_tensor(file_, "csr/weights", sample(at::kFloat, {3}));
  const std::string missing = message_of<Hdf5Error>([&] { read_tensor(file_, "csr/indptr"); });
  EXPECT_TRUE(
      contains(missing, "graph.h5: no dataset '/csr/indptr' ('/csr' has: 'indices', 'weights')"))
      << missing;
  const std::string no_group =
      message_of<Hdf5Error>([&] { read_rows(file_, "/csc/indptr", 0, 1); });
  EXPECT_TRUE(contains(no_group, "no dataset '/csc/indptr' (no group '/csc'; '/' has: 'csr')"))
      << no_group;
  const std::string group = message_of<Hdf5Error>([&] { dataset_info(file_, "csr"); });
  EXPECT_TRUE(contains(group, "'/csr' is a group, expected a dataset")) << group;
}

TEST_F(H5TensorTest, ExistingNamesAreNotOverwritten) {
  write_tensor(file_, "x", sample(at::kFloat, {2}));
  const std::string message =
      message_of<Hdf5Error>([&] { write_tensor(file_, "x", sample(at::kFloat, {2})); });
  EXPECT_TRUE(contains(message, "cannot create dataset '/x': the name is taken")) << message;
}

TEST_F(H5TensorTest, UnsupportedStoredTypesAreNamed) {
  const hsize_t size = 3;
  const hid_t space = H5Screate_simple(1, &size, nullptr);
  const hid_t dataset =
      H5Dcreate2(file_.id(), "counts", H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  H5Dclose(dataset);
  H5Sclose(space);
  EXPECT_EQ(dataset_info(file_, "counts").type_name, "uint32");
  const std::string message = message_of<Hdf5Error>([&] { read_tensor(file_, "counts"); });
  EXPECT_TRUE(contains(message, "dataset '/counts' holds uint32, which zipp cannot read"))
      << message;
}

TEST_F(H5TensorTest, BigEndianDataIsConvertedOnRead) {
  const hsize_t size = 4;
  const hid_t space = H5Screate_simple(1, &size, nullptr);
  const hid_t dataset =
      H5Dcreate2(file_.id(), "be", H5T_STD_I64BE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const std::int64_t values[4] = {1, -2, 300000000000, 4};
  ASSERT_GE(H5Dwrite(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
  H5Dclose(dataset);
  H5Sclose(space);
  const at::Tensor back = read_tensor(file_, "be", at::kLong, {4});
  EXPECT_EQ(back[2].item<std::int64_t>(), 300000000000);
  EXPECT_EQ(back[1].item<std::int64_t>(), -2);
}

TEST_F(H5TensorTest, RowAppenderEqualsTheConcatenation) {
  const at::Tensor all = sample(at::kFloat, {23, 2});
  RowAppender appender(file_, "edges/features", at::kFloat, {2}, WriteOptions{.chunk_rows = 4});
  std::int64_t offset = 0;
  for (std::int64_t count : {1, 3, 10, 0, 2, 7}) {
    appender.append(all.narrow(0, offset, count));
    offset += count;
    EXPECT_EQ(appender.rows(), offset);
  }
  appender.close();
  appender.close();  // idempotent
  EXPECT_TRUE(at::equal(read_tensor(file_, "edges/features"), all));
  EXPECT_TRUE(at::equal(read_rows(file_, "edges/features", 5, 17), all.narrow(0, 5, 12)));
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { appender.append(all); }), "append() after close()"));
}

TEST_F(H5TensorTest, RowAppenderFlushesOnDestructionAndChecksBlocks) {
  const at::Tensor ids = sample(at::kLong, {9});
  {
    RowAppender appender(file_, "ids", at::kLong, {}, WriteOptions{.chunk_rows = 4});
    appender.append(ids.narrow(0, 0, 6));
    appender.append(ids.narrow(0, 6, 3));
    const std::string shape = message_of<Hdf5Error>([&] {
      appender.append(sample(at::kLong, {2, 2}));
    });
    EXPECT_TRUE(
        contains(shape, "cannot append to dataset '/ids': got int64 rows with shape [2, 2]"))
        << shape;
    EXPECT_TRUE(contains(shape, "expected CPU int64 rows with shape [k]")) << shape;
    const std::string dtype =
        message_of<Hdf5Error>([&] { appender.append(sample(at::kInt, {2})); });
    EXPECT_TRUE(contains(dtype, "got int32 rows")) << dtype;
  }
  EXPECT_TRUE(at::equal(read_tensor(file_, "ids"), ids));
}

TEST_F(H5TensorTest, RowAppenderWithNothingAppendedLeavesAnEmptyDataset) {
  RowAppender(file_, "empty", at::kHalf, {3}).close();
  const DatasetInfo info = dataset_info(file_, "empty");
  EXPECT_EQ(info.shape, (std::vector<std::int64_t>{0, 3}));
  EXPECT_EQ(info.dtype, at::kHalf);
}

}  // namespace
}  // namespace zipp::core::h5
