#include "core/io/h5_strings.h"

#include <string>

#include <ATen/ops/arange.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include "core/io/h5_file.h"
#include "tests/core/io/temp_dir.h"

namespace zipp::core::h5 {
namespace {

using testing::contains;
using testing::message_of;

class H5StringsTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    file_ = File::create(path("names.h5"), Overwrite::kNo);
  }
  void TearDown() override {
    file_ = File();
    TempDirTest::TearDown();
  }
  File file_;
};

std::vector<std::string> numbered(int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back("user_" + std::to_string(i));
  return names;
}

TEST_F(H5StringsTest, RoundTripKeepsEmptyAndNonAsciiStrings) {
  const std::vector<std::string> names{
      "alice", "", "Zürich", "東京の猫", "emoji 🎨", std::string(10000, 'x'), ""};
  write_strings(file_, "users/names", names);
  EXPECT_EQ(read_strings(file_, "users/names"), names);
  const DatasetInfo info = dataset_info(file_, "users/names");
  EXPECT_EQ(info.type_name, "string");
  EXPECT_EQ(info.shape, std::vector<std::int64_t>{7});
  EXPECT_FALSE(info.dtype.has_value());
}

TEST_F(H5StringsTest, EmptyListRoundTrips) {
  write_strings(file_, "none", std::vector<std::string>{});
  EXPECT_TRUE(read_strings(file_, "none").empty());
  EXPECT_EQ(dataset_info(file_, "none").shape, std::vector<std::int64_t>{0});
}

TEST_F(H5StringsTest, RangesReadOnlyTheirRows) {
  const std::vector<std::string> names = numbered(50);
  write_strings(file_, "names", names, WriteOptions{.chunk_rows = 8});
  auto slice = [&](int begin, int end) {
    return std::vector<std::string>(names.begin() + begin, names.begin() + end);
  };
  EXPECT_EQ(read_strings(file_, "names", 0, 1), slice(0, 1));
  EXPECT_EQ(read_strings(file_, "names", 13, 31), slice(13, 31));
  EXPECT_EQ(read_strings(file_, "names", 49, 50), slice(49, 50));
  EXPECT_TRUE(read_strings(file_, "names", 20, 20).empty());
  const std::string message = message_of<Hdf5Error>([&] { read_strings(file_, "names", 40, 51); });
  EXPECT_TRUE(contains(message,
                       "names.h5: string list '/names': cannot read rows [40, 51): it has 50 rows"))
      << message;
}

TEST_F(H5StringsTest, AppenderAcrossChunksEqualsTheConcatenation) {
  const std::vector<std::string> names = numbered(40);
  {
    StringAppender appender(file_, "names", WriteOptions{.chunk_rows = 6});
    appender.append(names[0]);
    appender.append(std::span(names).subspan(1, 20));
    appender.append(std::span(names).subspan(21, 0));
    for (int i = 21; i < 25; ++i) appender.append(names[static_cast<std::size_t>(i)]);
    appender.append(std::span(names).subspan(25, 15));
    EXPECT_EQ(appender.rows(), 40);
  }  // the destructor writes the last partial chunk
  EXPECT_EQ(read_strings(file_, "names"), names);
}

TEST_F(H5StringsTest, NulBytesAreRefusedWithTheirIndex) {
  const std::vector<std::string> names{"fine", std::string("bad\0name", 8)};
  const std::string message = message_of<Hdf5Error>([&] { write_strings(file_, "names", names); });
  EXPECT_TRUE(contains(message, "string list '/names': string 1 contains a NUL byte")) << message;
}

TEST_F(H5StringsTest, NumbersAreNotStrings) {
  write_tensor(file_, "ids", at::arange(3));
  const std::string message = message_of<Hdf5Error>([&] { read_strings(file_, "ids"); });
  EXPECT_TRUE(contains(message,
                       "dataset '/ids' holds int64 with shape [3], expected a 1-d list of strings"))
      << message;
}

TEST_F(H5StringsTest, FixedLengthStringsAreRead) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 6);
  H5Tset_strpad(type, H5T_STR_NULLPAD);
  const hsize_t size = 3;
  const hid_t space = H5Screate_simple(1, &size, nullptr);
  const hid_t dataset =
      H5Dcreate2(file_.id(), "fixed", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  char data[18] = {};
  std::string("ab").copy(data, 2);
  std::string("sixsix").copy(data + 6, 6);
  ASSERT_GE(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
  H5Dclose(dataset);
  H5Sclose(space);
  H5Tclose(type);
  EXPECT_EQ(read_strings(file_, "fixed"), (std::vector<std::string>{"ab", "sixsix", ""}));
  EXPECT_EQ(read_strings(file_, "fixed", 1, 2), std::vector<std::string>{"sixsix"});
}

}  // namespace
}  // namespace zipp::core::h5
