#include "graph/validate.h"

#include <limits>

#include <ATen/ops/from_blob.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "graph/graph_writer.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/sample_graph.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;

// Writes the sample graph, then replaces one dataset with `values` (same dtype and shape).
class ValidateTest : public core::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    write_graph(testing::sample_graph(), path("graph.h5"));
  }

  template <typename T>
  void replace(const char* dataset, std::vector<T> values, c10::ScalarType dtype,
               std::vector<std::int64_t> shape = {}) {
    if (shape.empty()) shape = {static_cast<std::int64_t>(values.size())};
    auto file = core::h5::File::open(path("graph.h5"), core::h5::Access::kReadWrite);
    ASSERT_GE(H5Ldelete(file.id(), dataset, H5P_DEFAULT), 0) << dataset;
    core::h5::write_tensor(file, dataset,
                           at::from_blob(values.data(), shape, at::TensorOptions().dtype(dtype)));
    file.close();
  }

  std::string failure() {
    return message_of<core::InputError>([&] { validate_graph_file(path("graph.h5")); });
  }
};

// The sample's CSR: user 0 -> {0, 2}, user 1 -> {0, 1}, user 2 -> {2}, user 3 -> {0, 1}.
using I32 = std::vector<std::int32_t>;
using I64 = std::vector<std::int64_t>;

TEST_F(ValidateTest, AcceptsTheValidGraph) {
  EXPECT_NO_THROW(validate_graph_file(path("graph.h5")));
}

TEST_F(ValidateTest, RejectsSubredditIdOutOfRange) {
  replace("/csr/indices", I32{0, 2, 0, 1, 3, 0, 1}, at::kInt);
  EXPECT_TRUE(contains(failure(), "/csr/indices[4] = 3 outside [0, 3)")) << failure();
}

TEST_F(ValidateTest, RejectsDuplicateEdges) {
  replace("/csr/indices", I32{0, 2, 1, 1, 2, 0, 1}, at::kInt);
  EXPECT_TRUE(contains(failure(), "/csr/indices[3]: duplicate edge (row 1, id 1)")) << failure();
}

TEST_F(ValidateTest, RejectsUnsortedRows) {
  replace("/csr/indices", I32{2, 0, 0, 1, 2, 0, 1}, at::kInt);
  EXPECT_TRUE(contains(failure(), "/csr/indices[1]: row 0 is not sorted: 2 then 0")) << failure();
}

TEST_F(ValidateTest, RejectsDecreasingIndptr) {
  replace("/csr/indptr", I64{0, 4, 3, 5, 7}, at::kLong);
  EXPECT_TRUE(contains(failure(), "/csr/indptr decreases at index 2: 4 then 3")) << failure();
}

TEST_F(ValidateTest, RejectsIndptrWithWrongLastValue) {
  replace("/csr/indptr", I64{0, 2, 4, 5, 6}, at::kLong);
  EXPECT_TRUE(contains(failure(), "/csr/indptr[4] = 6, expected the number of edges 7"))
      << failure();
}

TEST_F(ValidateTest, RejectsIndptrNotStartingAtZero) {
  replace("/csc/indptr", I64{1, 3, 5, 7}, at::kLong);
  EXPECT_TRUE(contains(failure(), "/csc/indptr[0] = 1, expected 0")) << failure();
}

TEST_F(ValidateTest, RejectsCscThatDisagreesWithCsr) {
  // CSC of subreddit 0 lists users 0, 1, 3 at CSR edges 0, 2, 5; point user 1 at edge 3.
  replace("/csc/edge_ids", I64{0, 3, 5, 2, 6, 1, 4}, at::kLong);
  EXPECT_TRUE(contains(failure(),
                       "/csc entry 1 (user 1, subreddit 0) points at CSR edge 3 "
                       "(user 1, subreddit 1)"))
      << failure();
}

TEST_F(ValidateTest, RejectsNonFiniteEdgeFeatures) {
  std::vector<float> features = testing::sample_graph().csr.features;
  features[7] = std::numeric_limits<float>::quiet_NaN();
  replace("/csr/features", features, at::kFloat, {7, 2});
  EXPECT_TRUE(contains(failure(), "/csr/features[3, 1] = nan is not finite")) << failure();
}

TEST_F(ValidateTest, RejectsNonFiniteSubredditFeatures) {
  std::vector<float> features(12, 0.0f);
  features[5] = std::numeric_limits<float>::infinity();
  replace("/subreddits/features", features, at::kFloat, {3, 4});
  EXPECT_TRUE(contains(failure(), "/subreddits/features holds NaN or Inf")) << failure();
}

TEST_F(ValidateTest, RejectsEdgesWithoutInteractions) {
  replace("/csr/posts", I32{1, 0, 0, 3, 2, 0, 1}, at::kInt);
  replace("/csr/comments", I32{2, 1, 1, 0, 2, 0, 0}, at::kInt);
  EXPECT_TRUE(contains(failure(), "/csr/posts, /csr/comments [5] = 0, 0")) << failure();
}

TEST_F(ValidateTest, RejectsAWrongAlignmentMask) {
  replace("/users/alignment/mask", std::vector<std::uint8_t>{0, 1, 1, 1}, at::kByte);
  EXPECT_TRUE(contains(failure(), "/users/alignment/mask[2] = 1 but user 2 is not in"))
      << failure();
}

TEST_F(ValidateTest, RejectsAShapeMismatchNamingTheDataset) {
  replace("/csr/posts", I32{1, 0, 0, 3, 2, 0}, at::kInt);
  const std::string message =
      message_of<core::Hdf5Error>([&] { validate_graph_file(path("graph.h5")); });
  EXPECT_TRUE(contains(message, "/csr/posts")) << message;
}

}  // namespace
}  // namespace zipp::graph
