// graph.h5 as graph synth writes it: valid, equal to the generated users, with CSR, CSC, features
// and split exactly as the in-memory builders make them, its ground truth readable back, and
// the same contents whatever the threads and block size.
#include <ATen/ops/equal.h>
#include <gtest/gtest.h>

#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "graph/csr_builder.h"
#include "graph/edge_features.h"
#include "graph/graph_reader.h"
#include "graph/heldout_split.h"
#include "graph/synth/truth_reader.h"
#include "graph/synth/user_generator.h"
#include "graph/validate.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/synth/h5_compare.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::graph::synth {
namespace {

using testing::kSeed;
using testing::small_config;
using testing::small_graph_config;
using testing::small_world;

class SynthFile : public core::testing::TempDirTest {};

TEST_F(SynthFile, ValidatesAndRoundTripsThroughGraphReader) {
  const World w = small_world();
  const auto path = this->path("graph.h5");
  const SynthSummary summary = write_synthetic_graph(w, small_graph_config(), kSeed, path);
  ASSERT_NO_THROW(validate_graph_file(path));

  const UserBlock users = UserGenerator(w).generate(0, w.num_users());
  EXPECT_EQ(summary.graph.num_users, w.num_users());
  EXPECT_EQ(summary.graph.num_edges, users.num_edges());
  EXPECT_EQ(summary.graph.num_aligned, static_cast<std::int64_t>(users.aligned_users.size()));

  const BipartiteGraph g = GraphReader::open(path).read_all();
  EXPECT_EQ(g.user_names, users.names);
  EXPECT_EQ(g.csr.indptr, users.indptr);
  EXPECT_EQ(g.csr.indices, users.indices);
  EXPECT_EQ(g.csr.posts, users.posts);
  EXPECT_EQ(g.csr.comments, users.comments);
  EXPECT_EQ(g.subreddit_names, w.names);
  EXPECT_EQ(g.subreddit_descriptions, w.descriptions);
  EXPECT_TRUE(at::equal(g.subreddit_features,
                        subreddit_features(w, small_graph_config().embedder_options())));
  EXPECT_EQ(g.subreddit_features.size(1), small_graph_config().feature_dim);

  // Features and CSC as the whole-graph builders make them.
  EXPECT_EQ(g.csr.features, compute_edge_features(g.csr.indptr, g.csr.indices, g.csr.posts,
                                                  g.csr.comments, g.num_subreddits));
  const Csc csc = build_csc(g.csr, g.num_subreddits);
  EXPECT_EQ(g.csc.indptr, csc.indptr);
  EXPECT_EQ(g.csc.indices, csc.indices);
  EXPECT_EQ(g.csc.edge_ids, csc.edge_ids);

  ASSERT_TRUE(g.alignment.has_value());
  EXPECT_EQ(g.alignment->user_ids, users.aligned_users);
  EXPECT_EQ(g.alignment->vectors.size(1), small_graph_config().feature_dim);
  ASSERT_TRUE(g.split.has_value());
  const HeldOutOptions options = small_graph_config().heldout_options(kSeed);
  std::vector<std::uint8_t> heldout(g.csr.indices.size());
  mark_heldout(g.csr.indptr, 0, options, heldout);
  EXPECT_EQ(g.split->heldout, heldout);
  EXPECT_EQ(static_cast<std::uint64_t>(g.split->seed), options.seed);
}

TEST_F(SynthFile, GroundTruthReadsBack) {
  const World w = small_world();
  const auto path = this->path("graph.h5");
  write_synthetic_graph(w, small_graph_config(), kSeed, path);
  const core::h5::File file = core::h5::File::open(path, core::h5::Access::kRead);
  ASSERT_TRUE(has_truth(file));
  const std::vector<Archetype> archetypes = read_archetypes(file);
  ASSERT_EQ(archetypes.size(), w.archetypes.size());
  for (std::size_t k = 0; k < archetypes.size(); ++k) {
    EXPECT_EQ(archetypes[k].name, w.archetypes[k].name);
    EXPECT_EQ(archetypes[k].interests, w.archetypes[k].interests);
    EXPECT_EQ(archetypes[k].styles, w.archetypes[k].styles);
    EXPECT_EQ(archetypes[k].subjects, w.archetypes[k].subjects);
    EXPECT_EQ(archetypes[k].aesthetic, w.archetypes[k].aesthetic);
    EXPECT_EQ(archetypes[k].prevalence, w.archetypes[k].prevalence);
  }
  EXPECT_EQ(read_subreddit_archetypes(file), w.archetype_of);
  const UserBlock users = UserGenerator(w).generate(1000, 500);
  const UserTruth truth = read_user_truth(file, 1000, 1500);
  EXPECT_EQ(truth.age_band, users.age_band);
  EXPECT_EQ(truth.gender, users.gender);
  EXPECT_EQ(truth.region, users.region);
  EXPECT_EQ(truth.archetypes, users.mixture_ids);
  EXPECT_EQ(truth.weights, users.mixture_weights);
  EXPECT_EQ(truth.style, users.style);
  EXPECT_EQ(truth.visual, users.visual);
  const core::h5::Group truth_group = core::h5::open_group(file, "/truth");
  EXPECT_EQ(core::h5::attribute_int64(truth_group, "run_seed"), static_cast<std::int64_t>(kSeed));
  EXPECT_EQ(core::h5::attribute_int64(truth_group, "users"), w.num_users());
  EXPECT_EQ(core::h5::attribute_string(core::h5::open_group(file, "/truth/users"), "gender_labels"),
            "male,female,nonbinary");
}

TEST_F(SynthFile, ContentsDoNotDependOnThreadsOrBlockSize) {
  SynthConfig c = small_config(3000, 300);
  c.threads = 0;
  c.block_users = 3000;
  write_synthetic_graph(small_world(c), small_graph_config(), kSeed, path("a.h5"));
  c.threads = 3;
  c.block_users = 77;
  write_synthetic_graph(small_world(c), small_graph_config(), kSeed, path("b.h5"));
  EXPECT_EQ(testing::h5_difference(path("a.h5"), path("b.h5")), "");
  write_synthetic_graph(small_world(c, kSeed + 1), small_graph_config(), kSeed, path("c.h5"));
  EXPECT_NE(testing::h5_difference(path("a.h5"), path("c.h5")), "");
}

}  // namespace
}  // namespace zipp::graph::synth
