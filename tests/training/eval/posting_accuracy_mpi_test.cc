// On 2 and 4 ranks: allreduce_totals sums exactly and identically everywhere, and posting
// accuracy of the baselines over one shard per rank equals that over the whole graph in one shard.
#include <bit>
#include <cstdint>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/str.h"
#include "graph/graph_reader.h"
#include "partition/shard.h"
#include "tests/training/eval/synth_partition.h"
#include "training/eval/popularity_scorer.h"
#include "training/eval/posting_accuracy.h"
#include "training/eval/ranking_metrics.h"
#include "training/eval/tfidf_scorer.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
namespace comm = core::comm;

TEST(AllreduceTotals, SumsOverRanksIdenticallyEverywhere) {
  const auto world = comm::Communicator::world();
  const int r = world.rank();
  const RankingTotals local{r + 1, r, 2 * r, 1.0 / (r + 3)};
  const RankingTotals sum = allreduce_totals(world, local);
  std::int64_t queries = 0;
  std::int64_t hits1 = 0;
  std::int64_t hits10 = 0;
  double rr = 0;
  for (int k = 0; k < world.size(); ++k) {
    queries += k + 1;
    hits1 += k;
    hits10 += 2 * k;
    rr += 1.0 / (k + 3);
  }
  EXPECT_EQ(sum.queries, queries);
  EXPECT_EQ(sum.hits_at_1, hits1);
  EXPECT_EQ(sum.hits_at_10, hits10);
  EXPECT_DOUBLE_EQ(sum.reciprocal_rank_sum, rr);
  // Bit-identical on every rank.
  const auto bits =
      comm::allgather_ints(world, {std::bit_cast<std::int64_t>(sum.reciprocal_rank_sum)});
  for (const auto b : bits) EXPECT_EQ(b, bits[0]);
}

void expect_same_metrics(const RankingMetrics& a, const RankingMetrics& b, const char* what) {
  EXPECT_EQ(a.queries, b.queries) << what;
  EXPECT_DOUBLE_EQ(a.acc_at_1, b.acc_at_1) << what;
  EXPECT_DOUBLE_EQ(a.acc_at_10, b.acc_at_10) << what;
  EXPECT_NEAR(a.mrr, b.mrr, 1e-12) << what;
}

TEST(EvaluatePosting, ShardsPerRankEqualTheWholeGraph) {
  const auto world = comm::Communicator::world();
  const auto pid = comm::broadcast_ints(world, {static_cast<std::int64_t>(getpid())}, 0)[0];
  const fs::path dir = fs::path(::testing::TempDir()) / core::str("zipp-eval-mpi-", pid);
  comm::agree_on_setup(world, [&] {
    if (world.rank() != 0) return;
    fs::remove_all(dir);
    testing::write_synth_partition(dir, world.size(), 2000, 200);
    testing::write_synth_partition(dir, 1, 2000, 200);
  });
  const partition::Shard shard =
      partition::open_rank_shard(testing::parts_dir(dir, world.size()), world.rank());
  const partition::Shard whole = partition::open_rank_shard(testing::parts_dir(dir, 1), 0);
  const at::Tensor features = graph::GraphReader::open(dir / "graph.h5").subreddit_features();
  // Each rank alone over the whole graph, on its own one-rank communicator.
  const comm::Communicator self = world.split(world.rank(), 0);

  PopularityScorer popularity(shard, world);
  PopularityScorer popularity_whole(whole, self);
  EXPECT_TRUE(popularity.counts().equal(popularity_whole.counts()));
  const RankingMetrics p = evaluate_posting(shard, popularity, {.batch_users = 64}, world);
  expect_same_metrics(p, evaluate_posting(whole, popularity_whole, {}, self), "popularity");
  EXPECT_GT(p.queries, 100);

  TfIdfScorer tfidf(shard, features, world);
  TfIdfScorer tfidf_whole(whole, features, self);
  EXPECT_TRUE(tfidf.idf().equal(tfidf_whole.idf()));
  expect_same_metrics(evaluate_posting(shard, tfidf, {}, world),
                      evaluate_posting(whole, tfidf_whole, {}, self), "tfidf");

  // A per-rank sample: the queries of the sampled users, summed over ranks.
  const PostingEvalOptions sampled{.max_users = 50, .seed = 3};
  const RankingMetrics s = evaluate_posting(shard, popularity, sampled, world);
  const RankingTotals mine = posting_totals(shard, popularity, sampled, world.rank());
  EXPECT_EQ(s.queries, comm::allreduce_sum_ints(world, {mine.queries})[0]);

  world.barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::training
