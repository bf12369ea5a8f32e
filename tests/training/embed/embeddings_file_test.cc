// embeddings.h5 part files and their merge: rows come back in part order, bit for bit, through
// chunked copies; the attributes and subreddit embeddings round-trip; parts are removed; a part
// of another width is refused and leaves no output.
#include "training/embed/embeddings_file.h"

#include <filesystem>
#include <string>
#include <vector>

#include <ATen/ops/cat.h>
#include <ATen/ops/randint.h>
#include <ATen/ops/randn.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;

EmbeddedUsers random_users(std::int64_t n, std::int64_t hidden, std::int64_t top_k) {
  EmbeddedUsers users;
  users.embeddings = at::randn({n, hidden});
  users.top_subreddits = at::randint(-1, 50, {n, top_k}, at::TensorOptions().dtype(at::kLong));
  users.top_weights = at::randn({n, top_k});
  for (std::int64_t i = 0; i < n; ++i) users.degree.push_back(i * 3 + n);
  return users;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(EmbeddingsFile, MergesPartsInOrderAndReadsThemBack) {
  const fs::path dir = fresh_dir("embeddings-merge");
  const fs::path output = dir / "embeddings.h5";
  const std::int64_t hidden = 6;
  const std::int64_t top_k = 3;
  // Part sizes 5 (in two appends), 0 and 7; merged 2 rows at a time.
  std::vector<EmbeddedUsers> batches = {random_users(3, hidden, top_k),
                                        random_users(2, hidden, top_k),
                                        random_users(7, hidden, top_k)};
  std::vector<std::int64_t> ids;
  std::vector<std::string> names;
  for (std::int64_t i = 0; i < 12; ++i) {
    ids.push_back(i == 4 ? -1 : 100 + i);
    names.push_back("user_" + std::to_string(i));
  }
  const std::vector<fs::path> parts = {embeddings_part_path(output, 0),
                                       embeddings_part_path(output, 1),
                                       embeddings_part_path(output, 2)};
  EXPECT_EQ(parts[1].filename().string(), "embeddings.h5.part-00001");
  {
    EmbeddingsPartWriter first(parts[0], hidden, top_k);
    first.append(std::span(ids).subspan(0, 3), std::span(names).subspan(0, 3), batches[0]);
    first.append(std::span(ids).subspan(3, 2), std::span(names).subspan(3, 2), batches[1]);
    EXPECT_EQ(first.rows(), 5);
    first.commit();
    EmbeddingsPartWriter(parts[1], hidden, top_k).commit();
    EmbeddingsPartWriter third(parts[2], hidden, top_k);
    third.append(std::span(ids).subspan(5), std::span(names).subspan(5), batches[2]);
    third.commit();
  }
  EmbeddingsMeta meta;
  meta.checkpoint = "/runs/x/checkpoints/step-000000004";
  meta.global_step = 4;
  meta.aggregator = "gatv2";
  meta.top_k = top_k;
  meta.source = "graph";
  const at::Tensor subreddits = at::randn({9, hidden});
  EXPECT_EQ(merge_embedding_parts(parts, output, meta, subreddits, 2), 12);
  for (const fs::path& part : parts) EXPECT_FALSE(fs::exists(part)) << part;

  const EmbeddingsMeta read = read_embeddings_meta(output);
  EXPECT_EQ(read.format_version, kEmbeddingsFormatVersion);
  EXPECT_EQ(read.checkpoint, meta.checkpoint);
  EXPECT_EQ(read.global_step, 4);
  EXPECT_EQ(read.aggregator, "gatv2");
  EXPECT_EQ(read.top_k, top_k);
  EXPECT_EQ(read.source, "graph");
  EXPECT_EQ(read.num_users, 12);
  EXPECT_EQ(read.hidden, hidden);
  EXPECT_EQ(read.num_subreddits, 9);
  EXPECT_TRUE(read_subreddit_embeddings(output).equal(subreddits));

  const EmbeddingRows all = read_embeddings(output, 0, 12);
  EXPECT_EQ(all.ids, ids);
  EXPECT_EQ(all.names, names);
  const auto joined = [&](auto member) {
    return at::cat({batches[0].*member, batches[1].*member, batches[2].*member});
  };
  EXPECT_TRUE(all.embeddings.equal(joined(&EmbeddedUsers::embeddings)));
  EXPECT_TRUE(all.top_subreddits.equal(joined(&EmbeddedUsers::top_subreddits)));
  EXPECT_TRUE(all.top_weights.equal(joined(&EmbeddedUsers::top_weights)));
  std::vector<std::int64_t> degree;
  for (const auto& b : batches) degree.insert(degree.end(), b.degree.begin(), b.degree.end());
  EXPECT_EQ(all.degree, degree);

  const EmbeddingRows middle = read_embeddings(output, 4, 6);
  EXPECT_EQ(middle.names, (std::vector<std::string>{"user_4", "user_5"}));
  EXPECT_EQ(middle.ids, (std::vector<std::int64_t>{-1, 105}));
  EXPECT_TRUE(middle.embeddings.equal(all.embeddings.slice(0, 4, 6)));
  EXPECT_THROW(read_embeddings(output, 5, 13), core::InputError);
}

TEST(EmbeddingsFile, RefusesAPartOfAnotherWidthAndWritesNothing) {
  const fs::path dir = fresh_dir("embeddings-mismatch");
  const fs::path output = dir / "embeddings.h5";
  const std::vector<fs::path> parts = {embeddings_part_path(output, 0)};
  {
    EmbeddingsPartWriter part(parts[0], 4, 2);
    const std::vector<std::int64_t> ids = {0};
    const std::vector<std::string> names = {"a"};
    part.append(ids, names, random_users(1, 4, 2));
    // A batch of another width is refused at once.
    EXPECT_THROW(part.append(ids, names, random_users(1, 5, 2)), core::InputError);
    part.commit();
  }
  EmbeddingsMeta meta;
  meta.top_k = 2;
  EXPECT_ANY_THROW(merge_embedding_parts(parts, output, meta, at::randn({3, 8})));
  EXPECT_FALSE(fs::exists(output));
  EXPECT_TRUE(fs::exists(parts[0]));  // kept for a look after a failed merge
}

TEST(EmbeddingsFile, AnUncommittedPartLeavesNoFile) {
  const fs::path dir = fresh_dir("embeddings-uncommitted");
  const fs::path part = dir / "embeddings.h5.part-00000";
  { EmbeddingsPartWriter writer(part, 4, 2); }
  EXPECT_TRUE(fs::is_empty(dir));
}

}  // namespace
}  // namespace zipp::training
