// The image posts of visual synthetic users replayed from graph.h5's ground truth
// (graph/synth/posted_titles.h): exactly the titles graph synth drew (they rebuild every stored
// alignment vector), each from one of the user's own archetypes, 1 to max_titles per visual user
// and none for the others, the same for the same seed and different for another.
#include "graph/synth/posted_titles.h"

#include <cmath>
#include <set>

#include <gtest/gtest.h>

#include "core/io/h5_file.h"
#include "graph/graph_reader.h"
#include "graph/synth/truth_reader.h"
#include "graph/synth/user_generator.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::graph::synth {
namespace {

using testing::kSeed;
using testing::small_config;
using testing::small_graph_config;
using testing::small_world;

class PostedTitlesTest : public core::testing::TempDirTest {
 protected:
  PostedTitles replay(const std::string& name, std::uint64_t seed) {
    const World w = small_world(small_config(), seed);
    const auto path = this->path(name);
    write_synthetic_graph(w, small_graph_config(), seed, path);
    const auto file = core::h5::File::open(path, core::h5::Access::kRead);
    return read_posted_titles(file, 0, w.num_users());
  }
};

TEST_F(PostedTitlesTest, ReplayRebuildsEveryAlignmentVectorFromTheUsersOwnArchetypes) {
  const World w = small_world();
  const auto path = this->path("graph.h5");
  write_synthetic_graph(w, small_graph_config(), kSeed, path);
  const auto reader = GraphReader::open(path);
  const BipartiteGraph g = reader.read_all();
  ASSERT_TRUE(g.alignment.has_value());
  const auto truth = read_user_truth(reader.file(), 0, w.num_users());
  const PostedTitles posted = read_posted_titles(reader.file(), 0, w.num_users());
  ASSERT_EQ(posted.indptr.size(), static_cast<std::size_t>(w.num_users() + 1));
  EXPECT_EQ(read_title_bank(reader.file()), w.titles);

  const auto& aligned = g.alignment->user_ids;
  const at::Tensor vectors = g.alignment->vectors.contiguous();
  const float* stored = vectors.data_ptr<float>();
  std::size_t next_aligned = 0;
  std::int64_t visual = 0;
  std::set<std::int64_t> counts;
  for (std::int64_t u = 0; u < w.num_users(); ++u) {
    const std::int64_t n = posted.indptr[u + 1] - posted.indptr[u];
    if (truth.visual[u] == 0) {
      EXPECT_EQ(n, 0) << "user " << u;
      continue;
    }
    ++visual;
    counts.insert(n);
    ASSERT_GE(n, 1) << "user " << u;
    ASSERT_LE(n, w.config.max_titles) << "user " << u;
    std::vector<double> sum(static_cast<std::size_t>(w.embed_dim), 0.0);
    std::vector<float> v(static_cast<std::size_t>(w.embed_dim), 0.0F);
    for (std::int64_t t = posted.indptr[u]; t < posted.indptr[u + 1]; ++t) {
      const std::int64_t title = posted.titles[t];
      const std::int64_t k = title / kTitlesPerArchetype;
      bool own = false;
      for (std::int64_t j = 0; j < kMaxMixture; ++j) own |= truth.archetypes[u * 3 + j] == k;
      EXPECT_TRUE(own) << "user " << u << " posted a title of archetype " << k;
      const auto e = w.title_embedding(k, title % kTitlesPerArchetype);
      for (std::size_t d = 0; d < v.size(); ++d) v[d] += e[d];
    }
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    ASSERT_LT(next_aligned, aligned.size());
    ASSERT_EQ(aligned[next_aligned], u);
    for (std::size_t d = 0; d < v.size(); ++d) {
      EXPECT_NEAR(v[d] / std::sqrt(norm), stored[next_aligned * v.size() + d], 1e-6)
          << "user " << u << " dimension " << d;
    }
    ++next_aligned;
  }
  EXPECT_EQ(next_aligned, aligned.size());
  EXPECT_GT(visual, w.num_users() / 5);
  EXPECT_EQ(counts.size(), static_cast<std::size_t>(w.config.max_titles));  // 1..5 all occur
}

TEST_F(PostedTitlesTest, SameSeedSameTitlesOtherSeedOthers) {
  const PostedTitles a = replay("a.h5", kSeed);
  const PostedTitles b = replay("b.h5", kSeed);
  const PostedTitles c = replay("c.h5", kSeed + 1);
  EXPECT_EQ(a.indptr, b.indptr);
  EXPECT_EQ(a.titles, b.titles);
  EXPECT_NE(a.titles, c.titles);
}

TEST_F(PostedTitlesTest, ARangeEqualsTheSameUsersInTheWhole) {
  const World w = small_world();
  const auto path = this->path("graph.h5");
  write_synthetic_graph(w, small_graph_config(), kSeed, path);
  const auto file = core::h5::File::open(path, core::h5::Access::kRead);
  const PostedTitles all = read_posted_titles(file, 0, w.num_users());
  const PostedTitles part = read_posted_titles(file, 1000, 1500);
  ASSERT_EQ(part.indptr.size(), 501U);
  for (std::int64_t i = 0; i < 500; ++i) {
    const std::vector<std::int64_t> whole(all.titles.begin() + all.indptr[1000 + i],
                                          all.titles.begin() + all.indptr[1001 + i]);
    const std::vector<std::int64_t> alone(part.titles.begin() + part.indptr[i],
                                          part.titles.begin() + part.indptr[i + 1]);
    EXPECT_EQ(whole, alone) << "user " << 1000 + i;
  }
}

}  // namespace
}  // namespace zipp::graph::synth
