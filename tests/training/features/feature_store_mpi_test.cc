// The feature store on real ranks: a community graph (plus subreddits no user touches) is
// partitioned into one part per rank, each rank opens its shard, and every row the store returns
// must be the graph's own feature row, in both modes, for random blocks with halo rows, repeats
// and empty blocks; the fetch cache must hold the most referenced halo rows.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/index_select.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/agree.h"
#include "core/comm/collectives.h"
#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "core/random/rng.h"
#include "core/str.h"
#include "graph/csr_builder.h"
#include "graph/graph_reader.h"
#include "graph/graph_writer.h"
#include "partition/partition_run.h"
#include "partition/shard.h"
#include "tests/partition/community_graph.h"
#include "training/features/feature_store.h"

namespace zipp::training {
namespace {

namespace fs = std::filesystem;
namespace comm = core::comm;

constexpr std::int64_t kEdgeless = 5;  // subreddits appended with no edge at all

// The community graph with kEdgeless extra subreddits that no user touches: the partitioner
// must still give each an owner, or the full table would miss their rows.
graph::BipartiteGraph test_graph() {
  partition::testing::CommunityGraphSpec spec;
  spec.users = 1200;
  spec.subreddits = 96;
  spec.communities = 6;
  spec.seed = 17;
  graph::BipartiteGraph g = partition::testing::community_graph(spec);
  core::Rng rng(23);
  for (std::int64_t s = 0; s < kEdgeless; ++s) {
    g.subreddit_names.push_back(core::str("edgeless", s));
    g.subreddit_descriptions.emplace_back();
  }
  g.subreddit_features =
      at::cat({g.subreddit_features,
               partition::testing::normal_tensor(rng, kEdgeless, g.subreddit_features.size(1))});
  g.num_subreddits += kEdgeless;
  g.csc = graph::build_csc(g.csr, g.num_subreddits);
  return g;
}

struct World {
  fs::path dir;
  graph::BipartiteGraph graph;
  partition::Shard shard;
};

World* world_data = nullptr;

// Writes and partitions the graph once for every test suite of this binary (the slow part).
class WorldEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    const auto world = comm::Communicator::world();
    const auto pid = comm::broadcast_ints(world, {static_cast<std::int64_t>(getpid())}, 0)[0];
    auto data = std::make_unique<World>();
    data->dir = fs::path(::testing::TempDir()) / core::str("zipp-feature-store-", pid);
    comm::agree_on_setup(world, [&] {
      if (world.rank() != 0) return;
      fs::remove_all(data->dir);
      fs::create_directories(data->dir);
      graph::write_graph(test_graph(), data->dir / "graph.h5");
      partition::PartitionOptions options;
      options.method = partition::Method::kMetis;
      options.parts = world.size();
      options.seed = 5;
      partition_to_directory(data->dir / "graph.h5", options, data->dir / "parts");
    });
    data->graph = graph::GraphReader::open(data->dir / "graph.h5").read_all();
    data->shard = partition::open_rank_shard(data->dir / "parts", world.rank());
    world_data = data.release();
  }

  void TearDown() override {
    const auto world = comm::Communicator::world();
    world.barrier();
    if (world.rank() == 0) fs::remove_all(world_data->dir);
    delete world_data;
    world_data = nullptr;
  }
};

// Registered before main's RUN_ALL_TESTS (tests/mpi_test_main.cc starts MPI first).
[[maybe_unused]] ::testing::Environment* const world_environment =
    ::testing::AddGlobalTestEnvironment(new WorldEnvironment);

class FeatureStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(world_data, nullptr) << "the test graph was not set up"; }

  const partition::Shard& shard() const { return world_data->shard; }
  const graph::BipartiteGraph& graph() const { return world_data->graph; }

  // The graph's rows for local ids of this shard, through global ids.
  at::Tensor expected_rows(const std::vector<std::int64_t>& local) const {
    std::vector<std::int64_t> global;
    for (const std::int64_t id : local) global.push_back(shard().subreddit_ids[id]);
    return at::index_select(
        graph().subreddit_features, 0,
        at::from_blob(global.data(), {static_cast<std::int64_t>(global.size())}, at::kLong));
  }

  // Halo ids by decreasing trainable references, ties by global id: the cache's ranking,
  // computed here from the graph's own view of this shard's edges.
  std::vector<std::int64_t> halo_by_references() const {
    std::vector<std::int64_t> references(static_cast<std::size_t>(shard().num_subreddits()), 0);
    const graph::BipartiteGraph& g = graph();
    for (const std::int64_t user : shard().user_ids) {
      for (std::int64_t e = g.csr.indptr[user]; e < g.csr.indptr[user + 1]; ++e) {
        if (g.split && g.split->heldout[e] != 0) continue;
        ++references[*shard().local_subreddit(g.csr.indices[e])];
      }
    }
    std::vector<std::int64_t> halo;
    for (std::int64_t s = shard().num_owned_subreddits(); s < shard().num_subreddits(); ++s) {
      halo.push_back(s);
    }
    std::stable_sort(halo.begin(), halo.end(), [&](std::int64_t a, std::int64_t b) {
      if (references[a] != references[b]) return references[a] > references[b];
      return shard().subreddit_ids[a] < shard().subreddit_ids[b];
    });
    return halo;
  }

  // A random block over all local ids (owned and halo), repeats likely.
  std::vector<std::int64_t> random_block(std::uint64_t step, std::int64_t size) const {
    core::Rng rng(41, {static_cast<std::uint64_t>(comm_.rank()), step});
    std::vector<std::int64_t> block(static_cast<std::size_t>(size));
    for (std::int64_t& id : block) {
      id = static_cast<std::int64_t>(rng.below(shard().num_subreddits()));
    }
    return block;
  }

  std::int64_t distinct_uncached_halo(const std::vector<std::int64_t>& block,
                                      const std::set<std::int64_t>& cached) const {
    std::set<std::int64_t> wanted;
    for (const std::int64_t id : block) {
      if (shard().is_halo(id) && !cached.contains(id)) wanted.insert(id);
    }
    return static_cast<std::int64_t>(wanted.size());
  }

  comm::Communicator comm_ = comm::Communicator::world();
  comm::Collectives collectives_{comm_, {comm::BackendKind::kMpi}};
};

TEST_F(FeatureStoreTest, ShardsHaveHaloToFetch) {
  // Otherwise the fetch tests below would pass without fetching anything.
  const auto halo = comm::allreduce_sum_ints(comm_, {shard().num_halo_subreddits()})[0];
  EXPECT_GT(halo, comm_.size() * 10);
}

TEST_F(FeatureStoreTest, FullTableEqualsTheGraphsIncludingEdgelessSubreddits) {
  const at::Tensor table = gather_full_feature_table(shard(), collectives_);
  ASSERT_EQ(table.size(0), graph().num_subreddits);
  EXPECT_TRUE(at::equal(table, graph().subreddit_features));
  // The edgeless subreddits were owned by some rank (the table would be an error otherwise).
  EXPECT_EQ(graph().csc.indptr[graph().num_subreddits],
            graph().csc.indptr[graph().num_subreddits - kEdgeless]);
}

class FeatureStoreModes : public FeatureStoreTest,
                          public ::testing::WithParamInterface<FeatureMode> {};

TEST_P(FeatureStoreModes, RandomBlocksReturnTheGraphsRows) {
  FeatureStore store(shard(), collectives_, {.mode = GetParam(), .cache_rows = 7});
  EXPECT_EQ(store.feature_dim(), graph().subreddit_features.size(1));
  EXPECT_EQ(store.stats().rows_owned, shard().num_owned_subreddits());
  for (std::uint64_t step = 0; step < 6; ++step) {
    // Step 2: rank 1 has an empty block while the others fetch; step 4: every block is empty.
    std::int64_t size = 1 + static_cast<std::int64_t>(step) * 37;
    if ((step == 2 && comm_.rank() == 1) || step == 4) size = 0;
    std::vector<std::int64_t> block = random_block(step, size);
    if (!block.empty()) block.push_back(block.front());  // a guaranteed repeat
    const at::Tensor rows = store.gather(block);
    ASSERT_EQ(rows.dim(), 2);
    ASSERT_EQ(rows.size(0), static_cast<std::int64_t>(block.size()));
    ASSERT_EQ(rows.size(1), store.feature_dim());
    EXPECT_TRUE(at::equal(rows, expected_rows(block))) << "step " << step;
  }
  EXPECT_EQ(store.stats().gathers, 6);
  if (GetParam() == FeatureMode::kReplicate) {
    EXPECT_EQ(store.stats().rows_fetched, 0);
    EXPECT_EQ(store.stats().rows_cached, graph().num_subreddits - shard().num_owned_subreddits());
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, FeatureStoreModes,
                         ::testing::Values(FeatureMode::kReplicate, FeatureMode::kFetch),
                         [](const auto& param_info) {
                           return std::string(feature_mode_name(param_info.param));
                         });

TEST_F(FeatureStoreTest, CacheHoldsTheMostReferencedHaloRows) {
  const std::vector<std::int64_t> ranked = halo_by_references();
  const std::int64_t cache_rows = std::max<std::int64_t>(1, shard().num_halo_subreddits() / 3);
  FeatureStore store(shard(), collectives_,
                     {.mode = FeatureMode::kFetch, .cache_rows = cache_rows});
  const std::int64_t kept = std::min<std::int64_t>(cache_rows, std::ssize(ranked));
  EXPECT_EQ(store.stats().rows_cached, kept);
  const std::set<std::int64_t> cached(ranked.begin(), ranked.begin() + kept);

  // The cached rows and every owned row come without fetching anything.
  std::vector<std::int64_t> resident(cached.begin(), cached.end());
  for (std::int64_t s = 0; s < shard().num_owned_subreddits(); ++s) resident.push_back(s);
  at::Tensor rows = store.gather(resident);
  EXPECT_TRUE(at::equal(rows, expected_rows(resident)));
  EXPECT_EQ(store.stats().rows_fetched, 0);

  // Each uncached halo row is fetched once per step, however often the block repeats it.
  std::vector<std::int64_t> rest(ranked.begin() + kept, ranked.end());
  std::vector<std::int64_t> block = rest;
  block.insert(block.end(), rest.begin(), rest.end());
  if (!resident.empty()) block.push_back(resident.front());
  rows = store.gather(block);
  EXPECT_TRUE(at::equal(rows, expected_rows(block)));
  EXPECT_EQ(store.stats().rows_fetched, std::ssize(rest));
  EXPECT_EQ(store.stats().bytes_fetched,
            std::ssize(rest) * store.feature_dim() * static_cast<std::int64_t>(sizeof(float)));
}

TEST_F(FeatureStoreTest, NoCacheFetchesEveryDistinctHaloRow) {
  FeatureStore store(shard(), collectives_, {.mode = FeatureMode::kFetch, .cache_rows = 0});
  EXPECT_EQ(store.stats().rows_cached, 0);
  std::int64_t expected = 0;
  for (std::uint64_t step = 0; step < 3; ++step) {
    const std::vector<std::int64_t> block = random_block(100 + step, 150);
    expected += distinct_uncached_halo(block, {});
    EXPECT_TRUE(at::equal(store.gather(block), expected_rows(block)));
  }
  EXPECT_EQ(store.stats().rows_fetched, expected);
}

TEST_F(FeatureStoreTest, CacheAsLargeAsTheHaloFetchesNothing) {
  const std::int64_t halo = shard().num_halo_subreddits();
  const auto largest = comm::allreduce_max_ints(comm_, {halo})[0];
  // Exactly the halo size on the rank with the largest halo, more than it elsewhere.
  FeatureStore store(shard(), collectives_, {.mode = FeatureMode::kFetch, .cache_rows = largest});
  EXPECT_EQ(store.stats().rows_cached, halo);
  for (std::uint64_t step = 0; step < 3; ++step) {
    const std::vector<std::int64_t> block = random_block(200 + step, 300);
    EXPECT_TRUE(at::equal(store.gather(block), expected_rows(block)));
  }
  EXPECT_EQ(store.stats().rows_fetched, 0);
  EXPECT_EQ(store.stats().bytes_fetched, 0);
}

TEST_F(FeatureStoreTest, BadIdOnOneRankFailsEveryRankInFetchMode) {
  FeatureStore store(shard(), collectives_, {.mode = FeatureMode::kFetch, .cache_rows = 2});
  const std::int64_t local = shard().num_subreddits();
  std::vector<std::int64_t> block = random_block(300, 40);
  if (comm_.rank() == 0) {
    block[5] = local;
    try {
      store.gather(block);
      ADD_FAILURE() << "expected an InputError";
    } catch (const core::InputError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(core::str("id ", local)), std::string::npos) << message;
      EXPECT_NE(message.find(core::str("[0, ", local, ")")), std::string::npos) << message;
    }
  } else {
    try {
      store.gather(block);
      ADD_FAILURE() << "expected a CollectiveError";
    } catch (const core::CollectiveError& error) {
      EXPECT_EQ(error.cause(), core::ErrorCause::kInput);
      EXPECT_NE(std::string(error.what()).find("rank(s) 0 "), std::string::npos) << error.what();
    }
  }
  // The store is still usable: the failed step left no request behind.
  block = random_block(301, 60);
  EXPECT_TRUE(at::equal(store.gather(block), expected_rows(block)));
}

TEST_F(FeatureStoreTest, BadIdThrowsInReplicateMode) {
  FeatureStore store(shard(), collectives_, {.mode = FeatureMode::kReplicate});
  const std::vector<std::int64_t> negative = {0, -3};
  EXPECT_THROW(store.gather(negative), core::InputError);
  const std::vector<std::int64_t> past = {shard().num_subreddits()};
  EXPECT_THROW(store.gather(past), core::InputError);
}

TEST_F(FeatureStoreTest, NegativeCacheSizeIsAConfigError) {
  EXPECT_THROW(FeatureStore(shard(), collectives_, {.mode = FeatureMode::kFetch, .cache_rows = -1}),
               core::ConfigError);
}

}  // namespace
}  // namespace zipp::training
