#include "core/io/h5_attribute.h"

#include <limits>

#include <ATen/ops/arange.h>
#include <gtest/gtest.h>

#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "tests/core/io/temp_dir.h"

namespace zipp::core::h5 {
namespace {

using testing::contains;
using testing::message_of;

class H5AttributeTest : public testing::TempDirTest {};

TEST_F(H5AttributeTest, EveryKindRoundTripsOnFilesGroupsAndDatasets) {
  {
    File file = File::create(path("graph.h5"), Overwrite::kNo);
    set_attribute(file, "format_version", 3);
    set_attribute(file, "created_by", "zipp graph synth");
    const Group group = create_group(file, "csr");
    set_attribute(group, "big", std::numeric_limits<std::int64_t>::min());
    set_attribute(group, "ratio", 0.125);
    set_attribute(group, "shape", std::vector<std::int64_t>{23000000, 40000});
    set_attribute(group, "empty", std::vector<std::int64_t>{});
    write_tensor(group, "indptr", at::arange(4));
    set_attribute(open_dataset(group, "indptr"), "note", "Zürich 東京");
  }
  File file = File::open(path("graph.h5"), Access::kRead);
  EXPECT_EQ(attribute_int64(file, "format_version"), 3);
  EXPECT_EQ(attribute_string(file, "created_by"), "zipp graph synth");
  const Group group = open_group(file, "csr");
  EXPECT_EQ(attribute_int64(group, "big"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(attribute_double(group, "ratio"), 0.125);
  EXPECT_EQ(attribute_int64s(group, "shape"), (std::vector<std::int64_t>{23000000, 40000}));
  EXPECT_TRUE(attribute_int64s(group, "empty").empty());
  EXPECT_EQ(attribute_string(open_dataset(file, "csr/indptr"), "note"), "Zürich 東京");
  EXPECT_EQ(attribute_names(group), (std::vector<std::string>{"big", "empty", "ratio", "shape"}));
  EXPECT_TRUE(has_attribute(file, "format_version"));
  EXPECT_FALSE(has_attribute(file, "format"));
}

TEST_F(H5AttributeTest, SettingAgainReplacesValueAndType) {
  File file = File::create(path("a.h5"), Overwrite::kNo);
  set_attribute(file, "seed", 1);
  set_attribute(file, "seed", 2);
  EXPECT_EQ(attribute_int64(file, "seed"), 2);
  set_attribute(file, "seed", "not a number");
  EXPECT_EQ(attribute_string(file, "seed"), "not a number");
  EXPECT_EQ(attribute_names(file), std::vector<std::string>{"seed"});
}

TEST_F(H5AttributeTest, IntegersWidenToDoubleAndListsOfOne) {
  File file = File::create(path("a.h5"), Overwrite::kNo);
  set_attribute(file, "count", std::size_t{7});
  EXPECT_EQ(attribute_double(file, "count"), 7.0);
  EXPECT_EQ(attribute_int64s(file, "count"), std::vector<std::int64_t>{7});
}

TEST_F(H5AttributeTest, MissingAttributeNamesFileObjectAndWhatExists) {
  File file = File::create(path("graph.h5"), Overwrite::kNo);
  const Group group = create_group(file, "csr");
  set_attribute(group, "rows", 10);
  set_attribute(group, "cols", 4);
  const std::string message =
      message_of<Hdf5Error>([&] { attribute_int64(group, "format_version"); });
  EXPECT_TRUE(contains(
      message, "graph.h5: '/csr' has no attribute 'format_version' (it has: 'cols', 'rows')"))
      << message;
  const std::string none = message_of<Hdf5Error>([&] { attribute_string(file, "x"); });
  EXPECT_TRUE(contains(none, "'/' has no attribute 'x' (it has no attributes)")) << none;
}

TEST_F(H5AttributeTest, WrongTypeSaysWhatIsStored) {
  File file = File::create(path("graph.h5"), Overwrite::kNo);
  set_attribute(file, "name", "reddit");
  set_attribute(file, "ratio", 0.5);
  set_attribute(file, "dims", std::vector<std::int64_t>{1, 2});
  const std::string text = message_of<Hdf5Error>([&] { attribute_int64(file, "name"); });
  EXPECT_TRUE(contains(
      text,
      "graph.h5: attribute 'name' of '/' holds 1 value(s) of type string, expected one int64"))
      << text;
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { attribute_int64(file, "ratio"); }), "type float64"));
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { attribute_int64(file, "dims"); }), "holds 2 value(s)"));
  EXPECT_TRUE(contains(message_of<Hdf5Error>([&] { attribute_string(file, "ratio"); }),
                       "expected one string"));
  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { attribute_int64s(file, "name"); }), "a list of int64"));
}

TEST_F(H5AttributeTest, NulBytesInStringsAreRefused) {
  File file = File::create(path("a.h5"), Overwrite::kNo);
  const std::string message =
      message_of<Hdf5Error>([&] { set_attribute(file, "bad", std::string_view("a\0b", 3)); });
  EXPECT_TRUE(contains(message, "attribute 'bad' of '/'")) << message;
  EXPECT_TRUE(contains(message, "NUL byte")) << message;
}

}  // namespace
}  // namespace zipp::core::h5
