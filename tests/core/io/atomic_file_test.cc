#include "core/io/atomic_file.h"

#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/core/io/temp_dir.h"

namespace zipp::core {
namespace {

using testing::contains;
using testing::message_of;

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AtomicFileTest : public testing::TempDirTest {};

TEST_F(AtomicFileTest, WriteProducesExactContent) {
  const std::string contents("line one\nbinary \0 byte\r\n", 24);
  write_file_atomic(path("out.bin"), contents);
  EXPECT_EQ(read_all(path("out.bin")), contents);
  EXPECT_EQ(entries(), std::vector<std::string>{"out.bin"});
}

TEST_F(AtomicFileTest, StreamingCommitPublishesEverything) {
  AtomicFile file(path("metrics.jsonl"));
  for (int i = 0; i < 1000; ++i) file.out() << "{\"step\":" << i << "}\n";
  file.write("end\n");
  EXPECT_FALSE(std::filesystem::exists(path("metrics.jsonl")));
  EXPECT_TRUE(std::filesystem::exists(file.temporary_path()));
  file.commit();
  const std::string text = read_all(path("metrics.jsonl"));
  EXPECT_TRUE(text.starts_with("{\"step\":0}\n{\"step\":1}\n"));
  EXPECT_TRUE(text.ends_with("{\"step\":999}\nend\n"));
  EXPECT_EQ(entries(), std::vector<std::string>{"metrics.jsonl"});
}

TEST_F(AtomicFileTest, WithoutCommitLeavesNoTargetAndNoTemporary) {
  {
    AtomicFile file(path("partial.txt"));
    file.out() << "half of it";
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(AtomicFileTest, OverwriteIsAllOrNothing) {
  write_file_atomic(path("config.yaml"), "old: 1\n");
  {
    AtomicFile file(path("config.yaml"));
    file.out() << "new: 2\n";
    EXPECT_EQ(read_all(path("config.yaml")), "old: 1\n");
  }
  EXPECT_EQ(read_all(path("config.yaml")), "old: 1\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"config.yaml"});
  write_file_atomic(path("config.yaml"), "new: 2\n");
  EXPECT_EQ(read_all(path("config.yaml")), "new: 2\n");
  EXPECT_EQ(entries(), std::vector<std::string>{"config.yaml"});
}

TEST_F(AtomicFileTest, TemporaryIsASiblingNamedByPid) {
  const auto temporary = temporary_sibling(path("a.h5"));
  EXPECT_EQ(temporary.parent_path(), dir_);
  EXPECT_EQ(temporary.filename().string(), "a.h5.tmp." + std::to_string(::getpid()));
}

TEST_F(AtomicFileTest, CommitTwiceIsAnError) {
  AtomicFile file(path("once.txt"));
  file.commit();
  EXPECT_TRUE(contains(message_of<IoError>([&] { file.commit(); }), "committed twice"));
}

TEST_F(AtomicFileTest, MissingDirectoryNamesThePathAndReason) {
  const auto target = path("no/such/dir/out.txt");
  const std::string message = message_of<IoError>([&] { write_file_atomic(target, "x"); });
  EXPECT_TRUE(contains(message, target.string())) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;
}

TEST_F(AtomicFileTest, FsyncOfMissingDirectoryIsIoError) {
  const std::string message = message_of<IoError>([&] { fsync_directory(path("missing")); });
  EXPECT_TRUE(contains(message, "missing")) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;
}

TEST_F(AtomicFileTest, RenameOntoADirectoryFailsAndKeepsTheTemporaryOut) {
  std::filesystem::create_directories(path("taken/child"));
  {
    AtomicFile file(path("taken"));
    file.out() << "data";
    const std::string message = message_of<IoError>([&] { file.commit(); });
    EXPECT_TRUE(contains(message, "cannot rename")) << message;
  }
  EXPECT_EQ(entries(), std::vector<std::string>{"taken"});
  EXPECT_TRUE(std::filesystem::is_directory(path("taken")));
}

}  // namespace
}  // namespace zipp::core
