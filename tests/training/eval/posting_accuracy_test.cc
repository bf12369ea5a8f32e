// Posting accuracy on one rank: eligibility, filtering, batching and sampling with an oracle
// scorer on an in-memory shard; the baselines on a small synthetic world.
#include "training/eval/posting_accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <set>
#include <vector>

#include <ATen/ops/empty.h>
#include <ATen/ops/zeros.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/error.h"
#include "core/random/rng.h"
#include "core/str.h"
#include "graph/graph_reader.h"
#include "tests/training/eval/mpi_environment.h"
#include "tests/training/eval/synth_partition.h"
#include "tests/training/sampler/sample_shard.h"
#include "training/eval/popularity_scorer.h"
#include "training/eval/tfidf_scorer.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;

[[maybe_unused]] ::testing::Environment* const kMpi =
    ::testing::AddGlobalTestEnvironment(new testing::MpiEnvironment);

// Knows the answers: scores 1 at every held-out subreddit of the user, 0 elsewhere. Its evidence
// (trainable_edges) is checked to hold no held-out edge, and the users it is asked about are
// recorded.
class OracleScorer : public UserScorer {
 public:
  explicit OracleScorer(const partition::Shard& shard) : shard_(shard) {}

  at::Tensor score(std::span<const std::int64_t> users) override {
    at::Tensor scores =
        at::zeros({static_cast<std::int64_t>(users.size()), shard_.global_subreddits});
    for (std::size_t i = 0; i < users.size(); ++i) {
      const std::int64_t u = users[i];
      asked.push_back(u);
      const std::vector<std::int64_t> evidence = trainable_edges(shard_, u);
      EXPECT_FALSE(evidence.empty()) << "user " << u << " has no evidence";
      for (const std::int64_t e : evidence) {
        EXPECT_TRUE(shard_.csr.indptr[u] <= e && e < shard_.csr.indptr[u + 1]);
        EXPECT_EQ(shard_.split->heldout[e], 0) << "held-out edge " << e << " in evidence";
      }
      for (std::int64_t e = shard_.csr.indptr[u]; e < shard_.csr.indptr[u + 1]; ++e) {
        if (shard_.split->heldout[e] != 0) {
          scores[static_cast<std::int64_t>(i)][shard_.subreddit_ids[shard_.csr.indices[e]]] = 1.0F;
        }
      }
    }
    return scores;
  }

  std::vector<std::int64_t> asked;

 private:
  const partition::Shard& shard_;
};

// Uniform random scores, a fresh draw per call.
class RandomScorer : public UserScorer {
 public:
  RandomScorer(std::int64_t subreddits, std::uint64_t seed) : subreddits_(subreddits), rng_(seed) {}
  at::Tensor score(std::span<const std::int64_t> users) override {
    at::Tensor scores = at::empty({static_cast<std::int64_t>(users.size()), subreddits_});
    float* p = scores.data_ptr<float>();
    for (std::int64_t i = 0; i < scores.numel(); ++i) p[i] = static_cast<float>(rng_.uniform());
    return scores;
  }

 private:
  std::int64_t subreddits_;
  core::Rng rng_;
};

std::int64_t heldout_edges_of(const partition::Shard& shard,
                              const std::vector<std::int64_t>& users) {
  std::int64_t n = 0;
  for (const auto u : users) {
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      n += shard.split->heldout[e];
    }
  }
  return n;
}

TEST(PostingAccuracy, EligibleUsersHaveHeldOutAndTrainableEdges) {
  const partition::Shard shard = testing::sample_shard({});
  const std::vector<std::int64_t> eligible = eligible_users(shard);
  ASSERT_FALSE(eligible.empty());
  const std::set<std::int64_t> set(eligible.begin(), eligible.end());
  for (std::int64_t u = 0; u < shard.num_users(); ++u) {
    const std::int64_t degree = shard.csr.indptr[u + 1] - shard.csr.indptr[u];
    const std::int64_t trainable = testing::trainable_degree(shard, u);
    EXPECT_EQ(set.count(u) == 1, trainable > 0 && trainable < degree) << "user " << u;
  }
  EXPECT_EQ(set.count(0), 0U);  // no edge
  EXPECT_EQ(set.count(1), 0U);  // only held-out edges
  partition::Shard no_split = testing::sample_shard({.with_split = false});
  EXPECT_TRUE(eligible_users(no_split).empty());
}

TEST(PostingAccuracy, OracleScoresOneAndSeesOnlyTrainableEvidence) {
  const auto world = core::comm::Communicator::world();
  const partition::Shard shard = testing::sample_shard({.users = 80, .subreddits = 50});
  OracleScorer oracle(shard);
  const RankingMetrics m = evaluate_posting(shard, oracle, {.batch_users = 7}, world);
  const std::vector<std::int64_t> eligible = eligible_users(shard);
  EXPECT_EQ(oracle.asked, eligible);
  EXPECT_EQ(m.queries, heldout_edges_of(shard, eligible));
  // Users with several held-out edges score 1 on each of them: filtering removes the others.
  EXPECT_DOUBLE_EQ(m.acc_at_1, 1.0);
  EXPECT_DOUBLE_EQ(m.acc_at_10, 1.0);
  EXPECT_DOUBLE_EQ(m.mrr, 1.0);
}

TEST(PostingAccuracy, ConstantScorerRanksAmongUnfilteredSubreddits) {
  // Every query of user u ranks last among the global subreddits u has no edge to, plus itself.
  class Constant : public UserScorer {
   public:
    explicit Constant(std::int64_t g) : g_(g) {}
    at::Tensor score(std::span<const std::int64_t> users) override {
      return at::zeros({static_cast<std::int64_t>(users.size()), g_});
    }
    std::int64_t g_;
  };
  const auto world = core::comm::Communicator::world();
  const partition::Shard shard = testing::sample_shard({});
  Constant constant(shard.global_subreddits);
  double expected = 0;
  for (const auto u : eligible_users(shard)) {
    const std::int64_t degree = shard.csr.indptr[u + 1] - shard.csr.indptr[u];
    const std::int64_t rank = shard.global_subreddits - degree + 1;
    for (std::int64_t e = shard.csr.indptr[u]; e < shard.csr.indptr[u + 1]; ++e) {
      if (shard.split->heldout[e] != 0) expected += 1.0 / static_cast<double>(rank);
    }
  }
  const RankingTotals totals = posting_totals(shard, constant, {.batch_users = 5}, world.rank());
  EXPECT_EQ(totals.hits_at_1, 0);
  EXPECT_NEAR(totals.reciprocal_rank_sum, expected, 1e-9);
}

TEST(PostingAccuracy, BatchingDoesNotChangeTotalsAndSamplingIsDeterministic) {
  const partition::Shard shard = testing::sample_shard({.users = 120, .subreddits = 40});
  RandomScorer a(shard.global_subreddits, 3);
  RandomScorer b(shard.global_subreddits, 3);
  // The random scorer draws its numbers row after row, so both see the same scores whatever the
  // batches; batches of 3 users also split heavy users' queries into several ranking passes.
  const RankingTotals one = posting_totals(shard, a, {.batch_users = 1000}, 0);
  const RankingTotals many = posting_totals(shard, b, {.batch_users = 3}, 0);
  EXPECT_GT(one.queries, 0);
  EXPECT_EQ(one.queries, many.queries);
  EXPECT_EQ(one.hits_at_1, many.hits_at_1);
  EXPECT_EQ(one.hits_at_10, many.hits_at_10);
  EXPECT_NEAR(one.reciprocal_rank_sum, many.reciprocal_rank_sum, 1e-9);

  const std::vector<std::int64_t> eligible = eligible_users(shard);
  ASSERT_GT(eligible.size(), 20U);
  const PostingEvalOptions sampled{.max_users = 20, .seed = 5};
  const std::vector<std::int64_t> s0 = posting_eval_users(shard, sampled, 0);
  EXPECT_EQ(s0.size(), 20U);
  EXPECT_TRUE(std::is_sorted(s0.begin(), s0.end()));
  EXPECT_TRUE(std::includes(eligible.begin(), eligible.end(), s0.begin(), s0.end()));
  EXPECT_EQ(posting_eval_users(shard, sampled, 0), s0);
  EXPECT_NE(posting_eval_users(shard, sampled, 1), s0);
  EXPECT_NE(posting_eval_users(shard, {.max_users = 20, .seed = 6}, 0), s0);
  EXPECT_EQ(posting_eval_users(shard, {.max_users = 100000}, 0), eligible);

  OracleScorer oracle(shard);
  const RankingTotals t = posting_totals(shard, oracle, sampled, 0);
  EXPECT_EQ(oracle.asked, s0);
  EXPECT_EQ(t.queries, heldout_edges_of(shard, s0));
}

TEST(PostingAccuracy, NoSplitMeansNoQueriesAndBadScoresFailOnEveryRank) {
  const auto world = core::comm::Communicator::world();
  const partition::Shard no_split = testing::sample_shard({.with_split = false});
  OracleScorer oracle(no_split);
  const RankingMetrics m = evaluate_posting(no_split, oracle, {}, world);
  EXPECT_EQ(m.queries, 0);
  EXPECT_TRUE(std::isnan(m.acc_at_1));

  class WrongShape : public UserScorer {
   public:
    at::Tensor score(std::span<const std::int64_t> users) override {
      return at::zeros({static_cast<std::int64_t>(users.size()), 3});
    }
  };
  WrongShape wrong;
  const partition::Shard shard = testing::sample_shard({});
  EXPECT_THROW(evaluate_posting(shard, wrong, {}, world), core::CollectiveError);
  EXPECT_THROW(posting_totals(shard, wrong, {}, 0), core::InternalError);
}

class SynthWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::path(::testing::TempDir()) / core::str("zipp-eval-", getpid()));
    fs::remove_all(*dir_);
    graph_ = new fs::path(testing::write_synth_partition(*dir_, 1));
    shard_ = new partition::Shard(partition::open_rank_shard(testing::parts_dir(*dir_, 1), 0));
    features_ = new at::Tensor(graph::GraphReader::open(*graph_).subreddit_features());
  }
  static void TearDownTestSuite() {
    delete features_;
    delete shard_;
    delete graph_;
    fs::remove_all(*dir_);
    delete dir_;
  }
  static fs::path* dir_;
  static fs::path* graph_;
  static partition::Shard* shard_;
  static at::Tensor* features_;
};
fs::path* SynthWorld::dir_ = nullptr;
fs::path* SynthWorld::graph_ = nullptr;
partition::Shard* SynthWorld::shard_ = nullptr;
at::Tensor* SynthWorld::features_ = nullptr;

TEST_F(SynthWorld, PopularityCountsTrainableEdges) {
  const auto world = core::comm::Communicator::world();
  PopularityScorer popularity(*shard_, world);
  std::vector<double> expected(static_cast<std::size_t>(shard_->global_subreddits), 0);
  std::int64_t trainable = 0;
  for (std::int64_t e = 0; e < shard_->num_edges(); ++e) {
    if (shard_->split->heldout[e] != 0) continue;
    ++trainable;
    ++expected[shard_->subreddit_ids[shard_->csr.indices[e]]];
  }
  ASSERT_LT(trainable, shard_->num_edges());  // the world has a split
  const at::Tensor counts = popularity.counts();
  for (std::int64_t s = 0; s < shard_->global_subreddits; ++s) {
    ASSERT_EQ(counts[s].item<float>(), expected[s]) << "subreddit " << s;
  }
  const std::vector<std::int64_t> users{0, 5};
  const at::Tensor scores = popularity.score(users);
  EXPECT_TRUE(scores[0].equal(counts) && scores[1].equal(counts));
}

TEST_F(SynthWorld, TfIdfFollowsItsDefinition) {
  const auto world = core::comm::Communicator::world();
  TfIdfScorer tfidf(*shard_, *features_, world);
  const std::int64_t g = shard_->global_subreddits;
  const std::int64_t d = features_->size(1);
  // Double-precision loops over the definition in tfidf_scorer.h.
  std::vector<double> df(static_cast<std::size_t>(g), 0);
  double documents = 0;
  for (std::int64_t u = 0; u < shard_->num_users(); ++u) {
    bool any = false;
    for (std::int64_t e = shard_->csr.indptr[u]; e < shard_->csr.indptr[u + 1]; ++e) {
      if (shard_->split->heldout[e] != 0) continue;
      any = true;
      ++df[shard_->subreddit_ids[shard_->csr.indices[e]]];
    }
    documents += any ? 1 : 0;
  }
  const at::Tensor x = features_->to(at::kDouble);
  auto xa = x.accessor<double, 2>();
  std::vector<double> norm(static_cast<std::size_t>(g), 0);
  for (std::int64_t s = 0; s < g; ++s) {
    for (std::int64_t k = 0; k < d; ++k) norm[s] += xa[s][k] * xa[s][k];
    norm[s] = std::sqrt(norm[s]);
  }
  const std::vector<std::int64_t> users{3, 17, 256};
  const at::Tensor scores = tfidf.score(users);
  for (std::size_t i = 0; i < users.size(); ++i) {
    const std::int64_t u = users[i];
    double total = 0;
    for (const auto e : trainable_edges(*shard_, u))
      total += shard_->csr.posts[e] + shard_->csr.comments[e];
    std::vector<double> profile(static_cast<std::size_t>(d), 0);
    for (const auto e : trainable_edges(*shard_, u)) {
      const std::int64_t s = shard_->subreddit_ids[shard_->csr.indices[e]];
      const double w = (shard_->csr.posts[e] + shard_->csr.comments[e]) / total *
                       std::log(documents / (1 + df[s]));
      for (std::int64_t k = 0; k < d; ++k) profile[k] += w * xa[s][k] / norm[s];
    }
    double pn = 0;
    for (const double v : profile) pn += v * v;
    pn = std::sqrt(pn);
    for (std::int64_t s = 0; s < g; ++s) {
      double dot = 0;
      for (std::int64_t k = 0; k < d; ++k) dot += profile[k] * xa[s][k];
      ASSERT_NEAR(scores[static_cast<std::int64_t>(i)][s].item<float>(), dot / (pn * norm[s]), 1e-5)
          << "user " << u << " subreddit " << s;
    }
  }
  EXPECT_THROW(TfIdfScorer(*shard_, features_->narrow(0, 0, g - 1), world), core::InputError);
}

// The world plants archetype tastes, so both baselines must beat chance. TF-IDF does not beat
// popularity on these worlds (docs/training.md "Evaluation" has the quickstart-size figures):
// held-out edges concentrate on popular subreddits, which description similarity ignores.
TEST_F(SynthWorld, BaselinesBeatRandom) {
  const auto world = core::comm::Communicator::world();
  RandomScorer random(shard_->global_subreddits, 1);
  PopularityScorer popularity(*shard_, world);
  TfIdfScorer tfidf(*shard_, *features_, world);
  const RankingMetrics r = evaluate_posting(*shard_, random, {}, world);
  const RankingMetrics p = evaluate_posting(*shard_, popularity, {}, world);
  const RankingMetrics t = evaluate_posting(*shard_, tfidf, {}, world);
  ASSERT_GT(r.queries, 100);
  EXPECT_EQ(p.queries, r.queries);
  EXPECT_EQ(t.queries, r.queries);
  const auto line = [](const char* name, const RankingMetrics& m) {
    return core::str(name, ": acc@1 ", m.acc_at_1, " acc@10 ", m.acc_at_10, " mrr ", m.mrr, "\n");
  };
  std::fprintf(stderr, "%s%s%s", line("random", r).c_str(), line("popularity", p).c_str(),
               line("tfidf", t).c_str());
  EXPECT_GT(p.acc_at_10, r.acc_at_10);
  EXPECT_GT(p.mrr, r.mrr);
  EXPECT_GT(t.acc_at_10, r.acc_at_10);
  EXPECT_GT(t.mrr, r.mrr);
}

}  // namespace
}  // namespace zipp::training
