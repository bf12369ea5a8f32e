// `zipp embed` as users run it (issue 5 item 9), after `zipp graph synth`, `zipp partition` and a
// short `zipp train` on 2 ranks: every user embedded once, the same file from 1 and 2 ranks, and
// new users from an edge list embedded exactly as the graph embeds a user with the same counts
// (the inductive property). The world and the checkpoint are made once for the suite.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/graph_reader.h"
#include "tests/support/zipp_cli.h"
#include "training/embed/embeddings_file.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

const fs::path& world_dir() {
  static const fs::path dir = fs::path(::testing::TempDir()) / "zipp-embed-cli";
  return dir;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> world_args() {
  return {"--config",
          std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
          "synth.users=1500",
          "synth.subreddits=150",
          "graph.feature_dim=16",
          "graph.path=" + (world_dir() / "graph.h5").string(),
          "partition.output=" + (world_dir() / "parts").string(),
          "run.dir=" + (world_dir() / "run").string(),
          "trace.enabled=false",
          "model.hidden=16",
          "model.heads=2",
          "model.feature_dim=16",
          "model.alignment_dim=16"};
}

std::vector<std::string> embed_args(const std::string& output,
                                    std::vector<std::string> extra = {}) {
  return with(with({"embed", "--log-level", "info"}, world_args()),
              with({"embed.output=" + (world_dir() / output).string(), "embed.top_k=5",
                    "embed.batch_users=300", "embed.threads=1"},
                   extra));
}

class EmbedCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(world_dir());
    const auto made = run_zipp(with({"graph", "synth"}, world_args()));
    ASSERT_EQ(made.exit_code(), 0) << made.output;
    const auto parted = run_zipp(with({"partition"}, with(world_args(), {"partition.parts=2"})));
    ASSERT_EQ(parted.exit_code(), 0) << parted.output;
    const auto trained = run_zipp(
        with({"train"},
             with(world_args(), {"train.max_steps=4", "train.batch_size=128", "train.fanout=10",
                                 "train.eval_users=50", "train.final_eval_users=50",
                                 "train.eval_align_users=30", "train.threads=1"})),
        2, std::chrono::seconds(300));
    ASSERT_EQ(trained.exit_code(), 0) << trained.output;
  }
};

// Embeds every user on `ranks` ranks into `output` once per suite.
fs::path every_user(const std::string& output, int ranks) {
  const fs::path path = world_dir() / output;
  if (!fs::exists(path)) {
    const auto embedded = run_zipp(embed_args(output), ranks, std::chrono::seconds(240));
    EXPECT_EQ(embedded.exit_code(), 0) << embedded.output;
    EXPECT_NE(embedded.output.find("users in"), std::string::npos) << embedded.output;
  }
  return path;
}

TEST_F(EmbedCli, EmbedsEveryUserOnceTheSameOnOneAndTwoRanks) {
  const fs::path one = every_user("one.h5", 1);
  const fs::path two = every_user("two.h5", 2);
  const graph::GraphReader graph = graph::GraphReader::open(world_dir() / "graph.h5");
  const std::int64_t users = graph.meta().num_users;

  const EmbeddingsMeta meta = read_embeddings_meta(two);
  EXPECT_EQ(meta.num_users, users);
  EXPECT_EQ(meta.hidden, 16);
  EXPECT_EQ(meta.top_k, 5);
  EXPECT_EQ(meta.global_step, 4);
  EXPECT_EQ(meta.aggregator, "gatv2");
  EXPECT_EQ(meta.source, "graph");
  EXPECT_EQ(meta.num_subreddits, graph.meta().num_subreddits);
  EXPECT_NE(meta.checkpoint.find("step-000000004"), std::string::npos) << meta.checkpoint;
  for (const fs::directory_entry& entry : fs::directory_iterator(world_dir())) {
    EXPECT_EQ(entry.path().string().find(".part-"), std::string::npos) << entry.path();
  }

  const EmbeddingRows a = read_embeddings(one, 0, users);
  const EmbeddingRows b = read_embeddings(two, 0, users);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.names, b.names);
  EXPECT_EQ(a.degree, b.degree);
  EXPECT_TRUE(a.top_subreddits.equal(b.top_subreddits));
  EXPECT_LE((a.embeddings - b.embeddings).abs().max().item<float>(), 1e-6f);
  EXPECT_LE((a.top_weights - b.top_weights).abs().max().item<float>(), 1e-6f);
  EXPECT_TRUE(read_subreddit_embeddings(one).equal(read_subreddit_embeddings(two)));

  const graph::UserRows rows = graph.read_user_rows(0, users);
  EXPECT_EQ(b.names, graph.user_names(0, users));
  const auto norms = b.embeddings.norm(2, 1);
  for (std::int64_t u = 0; u < users; ++u) {
    ASSERT_EQ(b.ids[u], u);
    const std::int64_t degree = rows.indptr[u + 1] - rows.indptr[u];
    EXPECT_EQ(b.degree[u], degree) << "user " << u << " (held-out edges count too)";
    if (degree > 0) {
      EXPECT_NEAR(norms[u].item<float>(), 1.0f, 1e-5) << "user " << u;
    }
    const std::set<std::int64_t> own(rows.indices.begin() + rows.indptr[u],
                                     rows.indices.begin() + rows.indptr[u + 1]);
    float sum = 0;
    for (std::int64_t j = 0; j < 5; ++j) {
      const auto id = b.top_subreddits[u][j].item<std::int64_t>();
      const float w = b.top_weights[u][j].item<float>();
      sum += w;
      if (j < degree) {
        EXPECT_TRUE(own.contains(id)) << "user " << u << " ranks subreddit " << id;
        EXPECT_GT(w, 0.0f);
      } else {
        EXPECT_EQ(id, -1);
        EXPECT_EQ(w, 0.0f);
      }
      if (j > 0) {
        EXPECT_LE(w, b.top_weights[u][j - 1].item<float>()) << "user " << u;
      }
    }
    EXPECT_LE(sum, 1.0f + 1e-5f) << "user " << u;
    if (degree <= 5 && degree > 0) {
      EXPECT_NEAR(sum, 1.0f, 1e-5) << "user " << u;  // every edge is in the top k
    }
  }
}

TEST_F(EmbedCli, EmbedsNewUsersAsTheGraphEmbedsAUserWithTheSameCounts) {
  const fs::path every = every_user("two.h5", 2);
  const graph::GraphReader graph = graph::GraphReader::open(world_dir() / "graph.h5");
  const auto subreddits = graph.subreddit_names();
  // Copies of three graph users (one with an extra edge to a subreddit the graph lacks), a user
  // with only unknown subreddits, and a repeated row split across two lines.
  const std::vector<std::int64_t> copied = {3, 700, 1499};
  std::ofstream edges(world_dir() / "new_users.tsv");
  edges << "user\tsubreddit\tposts\tcomments\n";
  for (const std::int64_t u : copied) {
    const graph::UserRows rows = graph.read_user_rows(u, u + 1);
    for (std::size_t e = 0; e < rows.indices.size(); ++e) {
      const std::string name = "copy_" + std::to_string(u);
      if (e == 0 && rows.posts[e] + rows.comments[e] >= 2 && rows.comments[e] >= 1) {
        edges << name << "\t" << subreddits[rows.indices[e]] << "\t" << rows.posts[e] << "\t"
              << rows.comments[e] - 1 << "\n";
        edges << name << "\t" << subreddits[rows.indices[e]] << "\t0\t1\n";
      } else {
        edges << name << "\t" << subreddits[rows.indices[e]] << "\t" << rows.posts[e] << "\t"
              << rows.comments[e] << "\n";
      }
    }
    if (u == 700) edges << "copy_700\tNoSuchSubreddit\t3\t4\n";
  }
  edges << "stranger\tNoSuchSubreddit\t1\t0\n"
        << "stranger\tAlsoMissing\t0\t2\n";
  edges.close();

  const auto embedded =
      run_zipp(embed_args("new.h5", {"embed.users=" + (world_dir() / "new_users.tsv").string()}), 2,
               std::chrono::seconds(240));
  ASSERT_EQ(embedded.exit_code(), 0) << embedded.output;
  EXPECT_NE(embedded.output.find("2 subreddits the graph does not have"), std::string::npos)
      << embedded.output;

  const EmbeddingsMeta meta = read_embeddings_meta(world_dir() / "new.h5");
  ASSERT_EQ(meta.num_users, 4);
  EXPECT_EQ(meta.source, (world_dir() / "new_users.tsv").string());
  const EmbeddingRows fresh = read_embeddings(world_dir() / "new.h5", 0, 4);
  EXPECT_EQ(fresh.names, (std::vector<std::string>{"copy_3", "copy_700", "copy_1499", "stranger"}));
  EXPECT_EQ(fresh.ids, (std::vector<std::int64_t>{-1, -1, -1, -1}));
  for (std::size_t i = 0; i < copied.size(); ++i) {
    const std::int64_t u = copied[i];
    const EmbeddingRows known = read_embeddings(every, u, u + 1);
    const auto k = static_cast<std::int64_t>(i);
    EXPECT_EQ(fresh.degree[i], known.degree[0]) << "user " << u;
    EXPECT_LE((fresh.embeddings[k] - known.embeddings[0]).abs().max().item<float>(), 1e-6f)
        << "user " << u;
    EXPECT_TRUE(fresh.top_subreddits[k].equal(known.top_subreddits[0])) << "user " << u;
    EXPECT_LE((fresh.top_weights[k] - known.top_weights[0]).abs().max().item<float>(), 1e-6f);
  }
  EXPECT_EQ(fresh.degree[3], 0);
  EXPECT_EQ(fresh.top_subreddits[3][0].item<std::int64_t>(), -1);
  EXPECT_FALSE(fresh.embeddings[3].isnan().any().item<bool>());
}

TEST_F(EmbedCli, RefusesARunWithoutCheckpoints) {
  const auto refused =
      run_zipp(embed_args("none.h5", {"run.dir=" + (world_dir() / "empty-run").string()}), 1);
  EXPECT_NE(refused.exit_code(), 0);
  EXPECT_NE(refused.output.find("no complete checkpoint"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(world_dir() / "none.h5"));
}

}  // namespace
}  // namespace zipp::training
