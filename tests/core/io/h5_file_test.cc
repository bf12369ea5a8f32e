#include "core/io/h5_file.h"

#include <fstream>

#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include "core/io/h5_tensor.h"
#include "tests/core/io/temp_dir.h"

namespace zipp::core::h5 {
namespace {

using testing::contains;
using testing::message_of;

class H5FileTest : public testing::TempDirTest {};

TEST_F(H5FileTest, CreateRefusesAnExistingFileUnlessAskedToOverwrite) {
  {
    File file = File::create(path("graph.h5"), Overwrite::kNo);
    write_tensor(file, "old", at::arange(3));
  }
  const std::string message =
      message_of<IoError>([&] { File::create(path("graph.h5"), Overwrite::kNo); });
  EXPECT_TRUE(contains(message, path("graph.h5").string() + ": cannot create")) << message;
  EXPECT_TRUE(contains(message, "already exists")) << message;

  File::create(path("graph.h5"), Overwrite::kYes).close();
  File file = File::open(path("graph.h5"), Access::kRead);
  EXPECT_FALSE(exists(file, "old"));
}

TEST_F(H5FileTest, OpenMissingFileNamesIt) {
  const std::string message =
      message_of<IoError>([&] { File::open(path("missing.h5"), Access::kRead); });
  EXPECT_TRUE(contains(message, path("missing.h5").string())) << message;
}

TEST_F(H5FileTest, OpenSomethingElseSaysItIsNotHdf5) {
  std::ofstream(path("notes.txt")) << "plain text\n";
  const std::string message =
      message_of<Hdf5Error>([&] { File::open(path("notes.txt"), Access::kRead); });
  EXPECT_TRUE(contains(message, "notes.txt: not an HDF5 file")) << message;
}

TEST_F(H5FileTest, LibraryFailuresNameTheCallFileObjectAndReason) {
  File::create(path("ro.h5"), Overwrite::kNo).close();
  File file = File::open(path("ro.h5"), Access::kRead);
  const std::string message = message_of<Hdf5Error>([&] { create_group(file, "/grp"); });
  EXPECT_TRUE(contains(message, path("ro.h5").string() + ": H5Gcreate2 failed on '/grp': "))
      << message;
  EXPECT_TRUE(contains(message, "write")) << message;  // the library says the file is read-only
}

TEST_F(H5FileTest, GroupsNestAndReportWhatTheyHold) {
  File file = File::create(path("g.h5"), Overwrite::kNo);
  const Group deep = create_group(file, "a/b/c");
  EXPECT_EQ(deep.path(), "/a/b/c");
  EXPECT_EQ(object_type(file, "a"), ObjectType::kGroup);
  EXPECT_EQ(object_type(file, "/a/b"), ObjectType::kGroup);
  EXPECT_EQ(object_type(file, "a/x/c"), ObjectType::kMissing);
  write_tensor(deep, "values", at::arange(4));
  EXPECT_EQ(object_type(file, "a/b/c/values"), ObjectType::kDataset);
  EXPECT_EQ(object_type(file, "a/b/c/values/deeper"), ObjectType::kMissing);

  const Group b = open_group(file, "a/b");
  EXPECT_EQ(b.resolve("c/values"), "/a/b/c/values");
  EXPECT_EQ(b.resolve("/a"), "/a");
  EXPECT_EQ(member_names(b), std::vector<std::string>{"c"});
  EXPECT_TRUE(at::equal(read_tensor(b, "c/values"), at::arange(4)));

  const Group again = require_group(file, "a/b");
  EXPECT_EQ(again.path(), "/a/b");
  EXPECT_EQ(require_group(file, "a/new").path(), "/a/new");
  EXPECT_EQ(member_names(open_group(file, "a")), (std::vector<std::string>{"b", "new"}));

  EXPECT_TRUE(
      contains(message_of<Hdf5Error>([&] { create_group(file, "a/b"); }), "already exists"));
  const std::string missing = message_of<Hdf5Error>([&] { open_group(file, "a/q"); });
  EXPECT_TRUE(contains(missing, "no group '/a/q' ('/a' has: 'b', 'new')")) << missing;
  const std::string wrong = message_of<Hdf5Error>([&] { open_group(file, "a/b/c/values"); });
  EXPECT_TRUE(contains(wrong, "'/a/b/c/values' is a dataset, expected a group")) << wrong;
}

TEST_F(H5FileTest, AtomicCreateAppearsOnlyOnCommit) {
  File file = File::create_atomic(path("graph.h5"));
  write_tensor(file, "x", at::arange(5));
  EXPECT_FALSE(std::filesystem::exists(path("graph.h5")));
  EXPECT_EQ(entries().size(), 1U);
  file.commit();
  EXPECT_EQ(entries(), std::vector<std::string>{"graph.h5"});
  EXPECT_TRUE(
      at::equal(read_tensor(File::open(path("graph.h5"), Access::kRead), "x"), at::arange(5)));
}

TEST_F(H5FileTest, AtomicCreateWithoutCommitLeavesNothing) {
  {
    File file = File::create_atomic(path("graph.h5"));
    write_tensor(file, "x", at::arange(5));
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(H5FileTest, AtomicOverwriteIsAllOrNothing) {
  {
    File old_file = File::create_atomic(path("graph.h5"));
    write_tensor(old_file, "version", at::arange(1));
    old_file.commit();
  }
  {
    File moved;
    {
      File replacement = File::create_atomic(path("graph.h5"));
      write_tensor(replacement, "version", at::arange(2));
      moved = std::move(replacement);  // the temporary travels with the move
    }
    EXPECT_EQ(read_tensor(File::open(path("graph.h5"), Access::kRead), "version").numel(), 1);
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"graph.h5"});
  File replacement = File::create_atomic(path("graph.h5"));
  write_tensor(replacement, "version", at::arange(2));
  replacement.commit();
  EXPECT_EQ(read_tensor(File::open(path("graph.h5"), Access::kRead), "version").numel(), 2);
  EXPECT_EQ(entries(), std::vector<std::string>{"graph.h5"});
}

TEST_F(H5FileTest, CommitWithOpenObjectsIsRefused) {
  File file = File::create_atomic(path("graph.h5"));
  {
    const Group group = create_group(file, "csr");
    const std::string message = message_of<Hdf5Error>([&] { file.commit(); });
    EXPECT_TRUE(contains(message, "still open")) << message;
  }
  EXPECT_FALSE(std::filesystem::exists(path("graph.h5")));
}

TEST_F(H5FileTest, CommitOfAPlainFileIsAnError) {
  File file = File::create(path("plain.h5"), Overwrite::kNo);
  EXPECT_TRUE(contains(message_of<Hdf5Error>([&] { file.commit(); }), "create_atomic"));
}

}  // namespace
}  // namespace zipp::core::h5
