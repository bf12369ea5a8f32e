// `zipp graph ingest`, `zipp graph info` and `zipp graph validate` as a user runs them: edge lists
// with metadata and alignment vectors, a GML network (a small one, and the real ConvoKit network
// when ../shared is here), bad input that exceeds the malformed limit, statistics of a graph
// whose figures are worked out by hand, and graph files with one defect each.
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <ATen/ops/from_blob.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/io/h5_attribute.h"
#include "core/io/h5_file.h"
#include "core/io/h5_strings.h"
#include "core/io/h5_tensor.h"
#include "tests/graph/sample_graph.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;
namespace h5 = core::h5;
using zipp::testing::ProcessResult;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class GraphCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("zipp_graph_cli_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }

  // A configuration for an ingest run in this test's directory; `extra` adds ingest keys.
  std::string config(const std::string& format, const std::vector<std::string>& inputs,
                     const std::string& extra = "", const std::string& graph = "") const {
    std::string text = "run:\n  dir: " + (dir_ / "run").string() + "\n  seed: 5\n";
    text += "graph:\n  feature_dim: 16\n" + graph;
    text += "ingest:\n  format: " + format + "\n  inputs:" + (inputs.empty() ? " []\n" : "\n");
    for (const auto& input : inputs) text += "    - " + input + "\n";
    return file("config.yaml", text + extra);
  }

  nlohmann::json report() const {
    std::ifstream in(dir_ / "run" / "ingest-report.json");
    EXPECT_TRUE(in.good()) << "no ingest-report.json";
    return nlohmann::json::parse(in);
  }

  nlohmann::json info_json(const fs::path& graph) const {
    const auto result =
        zipp::testing::run_zipp({"graph", "info", graph.string(), "--json", "--block-edges", "2"});
    EXPECT_EQ(result.exit_code(), 0) << result.output;
    // The JSON is the part of the output from the first '{' (log lines go to stderr).
    return nlohmann::json::parse(result.output.substr(
        result.output.find('{'), result.output.rfind('}') - result.output.find('{') + 1));
  }

  fs::path graph_path() const { return dir_ / "run" / "graph.h5"; }

  fs::path dir_;
};

// The hand-worked graph: users a, b, c, d and subreddits x, y, z.
//   a: x (1 post, 1 comment), y (0, 2), z (1, 0)   degree 3
//   b: x (0, 1)                                    degree 1
//   c: x (2, 0), y (0, 1)                          degree 2
//   d: y (1, 1)                                    degree 1
constexpr const char* kEdges =
    "user\tsubreddit\tposts\tcomments\n"
    "a\tx\t1\t1\na\ty\t0\t2\na\tz\t1\t0\nb\tx\t0\t1\nc\tx\t2\t0\nc\ty\t0\t1\nd\ty\t1\t1\n";

TEST_F(GraphCliTest, IngestEdgesThenInfoReportsTheHandWorkedFigures) {
  const std::string edges = file("edges.tsv", kEdges);
  const std::string metadata =
      file("subs.ndjson",
           "{\"display_name\": \"x\", \"public_description\": \"film photography and grain\"}\n"
           "{\"display_name\": \"elsewhere\", \"public_description\": \"not in the graph\"}\n");
  {
    auto align = h5::File::create(dir_ / "align.h5", h5::Overwrite::kYes);
    h5::write_strings(align, "names", std::vector<std::string>{"c", "nobody", "a"});
    std::vector<float> vectors = {3, 4, 1, 1, 0, 2};
    h5::write_tensor(align, "vectors", at::from_blob(vectors.data(), {3, 2}));
    align.close();
  }
  const auto result = zipp::testing::run_zipp(
      {"graph", "ingest", "--config",
       config("edges", {edges},
              "  metadata: " + metadata + "\n  alignment: " + (dir_ / "align.h5").string() + "\n",
              "  split_fraction: 0.5\n")});
  ASSERT_EQ(result.exit_code(), 0) << result.output;

  const auto r = report();
  EXPECT_EQ(r["status"], "ok");
  EXPECT_EQ(r["validated"], true);
  EXPECT_EQ(r["source"]["records"], 7);
  EXPECT_EQ(r["source"]["malformed"], 0);
  EXPECT_EQ(r["metadata"]["records"], 2);
  EXPECT_EQ(r["assembly"]["descriptions"]["subreddits_described"], 1);
  EXPECT_EQ(r["assembly"]["descriptions"]["metadata_unmatched"], 1);  // "elsewhere"
  EXPECT_EQ(r["assembly"]["alignment"]["users"], 2);
  EXPECT_EQ(r["assembly"]["alignment"]["unmatched_rows"], 1);  // "nobody"

  const auto info = info_json(graph_path());
  EXPECT_EQ(info["users"], 4);
  EXPECT_EQ(info["subreddits"], 3);
  EXPECT_EQ(info["edges"], 7);
  EXPECT_EQ(info["posts"], 5);
  EXPECT_EQ(info["comments"], 6);
  // User degrees 1, 1, 2, 3 (nearest rank: p50 is the 2nd, p90 and p99 the 4th).
  EXPECT_EQ(info["user_degree"]["min"], 1);
  EXPECT_EQ(info["user_degree"]["p50"], 1);
  EXPECT_EQ(info["user_degree"]["p90"], 3);
  EXPECT_EQ(info["user_degree"]["p99"], 3);
  EXPECT_EQ(info["user_degree"]["max"], 3);
  EXPECT_DOUBLE_EQ(info["user_degree"]["mean"].get<double>(), 7.0 / 4);
  // Subreddit degrees x 3, y 3, z 1.
  EXPECT_EQ(info["subreddit_degree"]["min"], 1);
  EXPECT_EQ(info["subreddit_degree"]["p50"], 3);
  EXPECT_EQ(info["subreddit_degree"]["max"], 3);
  // e2 = comments / (posts + comments): 1/2, 1, 0, 1, 0, 1, 1/2.
  const auto& e2 = info["edge_features"]["e2"];
  EXPECT_NEAR(e2["mean"].get<double>(), 4.0 / 7, 1e-6);
  EXPECT_EQ(e2["min"], 0.0);
  EXPECT_EQ(e2["max"], 1.0);
  EXPECT_EQ(info["edge_features"]["non_finite"], 0);
  EXPECT_EQ(info["edge_features"]["zero_rows"], 0);
  // Only x has a description: the builtin embedder leaves y and z at zero.
  EXPECT_EQ(info["subreddit_features"]["dim"], 16);
  EXPECT_EQ(info["subreddit_features"]["zero_rows"], 2);
  EXPECT_EQ(info["alignment"]["users"], 2);
  EXPECT_DOUBLE_EQ(info["alignment"]["coverage"].get<double>(), 0.5);
  EXPECT_EQ(info["alignment"]["dim"], 2);
  // Half of a's and c's edges rounded down, at least one; b and d keep their only edge.
  EXPECT_EQ(info["split"]["heldout_edges"], 2);
  EXPECT_EQ(info["truth"]["present"], false);

  const auto table = zipp::testing::run_zipp({"graph", "info", graph_path().string()});
  ASSERT_EQ(table.exit_code(), 0) << table.output;
  EXPECT_TRUE(has(table.output, "users 4, subreddits 3, edges 7; posts 5, comments 6"))
      << table.output;
  EXPECT_TRUE(has(table.output, "alignment: 2 users (50.00%), dim 2")) << table.output;
}

TEST_F(GraphCliTest, IngestFailsOverTheMalformedLimitAndStillWritesTheReport) {
  const std::string edges = file("edges.csv", "a,x,1,1\nb,x,one,1\nc,x,1\nd,y,1,1\n");
  const auto result =
      zipp::testing::run_zipp({"graph", "ingest", "--config",
                               config("edges", {edges}, "  max_malformed_fraction: 0.25\n")});
  EXPECT_EQ(result.exit_code(), 3) << result.output;
  EXPECT_TRUE(has(result.output, "too many malformed records in")) << result.output;
  EXPECT_TRUE(has(result.output, "edges.csv:2: bad_count")) << result.output;
  EXPECT_FALSE(fs::exists(graph_path()));
  const auto r = report();
  EXPECT_EQ(r["status"], "failed");
  EXPECT_TRUE(has(r["error"].get<std::string>(), "ingest.max_malformed_fraction = 0.25"));
  EXPECT_EQ(r["source"]["malformed_by_reason"]["bad_count"], 1);
  EXPECT_EQ(r["source"]["malformed_by_reason"]["wrong_field_count"], 1);
  EXPECT_EQ(r["source"]["files"][0]["records"], 4);
}

TEST_F(GraphCliTest, BadDumpFailsTheJobButKeepsTheGraphOfWhatWasRead) {
  const std::string good = file(
      "RC_good.ndjson",
      R"({"author":"alice","subreddit":"pics","created_utc":1600000000,"body":"hi","link_id":"t3_a"})"
      "\n"
      R"({"author":"bob","subreddit":"pics","created_utc":"1600000001","body":"yo","link_id":"t3_b"})"
      "\n"
      R"({"author":"alice","subreddit":"aww","created_utc":1600000002,"title":"cat","url":"x"})"
      "\n");
  // Zstandard's magic number followed by bytes that are no frame: corrupt compressed input.
  const std::string corrupt = file("RC_bad.zst", std::string("\x28\xb5\x2f\xfd") + "garbage!");
  const auto result = zipp::testing::run_zipp(
      {"graph", "ingest", "--config", config("pushshift", {good, corrupt})}, 2);
  EXPECT_EQ(result.exit_code(), 3) << result.output;
  EXPECT_TRUE(has(result.output, "RC_bad.zst")) << result.output;
  EXPECT_FALSE(fs::exists(graph_path()));
  const fs::path partial = dir_ / "run" / "graph.partial.h5";
  ASSERT_TRUE(fs::exists(partial)) << result.output;
  const auto r = report();
  EXPECT_EQ(r["status"], "failed");
  EXPECT_EQ(r["partial_graph"], partial.string());
  const auto info = info_json(partial);
  EXPECT_EQ(info["users"], 2) << info.dump();
  EXPECT_EQ(info["subreddits"], 2) << info.dump();
  EXPECT_EQ(info["edges"], 3) << info.dump();
}

TEST_F(GraphCliTest, IngestNamesAMissingInputAndAnEmptyInputList) {
  const auto missing = zipp::testing::run_zipp(
      {"graph", "ingest", "--config", config("edges", {(dir_ / "absent.tsv").string()})});
  EXPECT_EQ(missing.exit_code(), 1) << missing.output;
  EXPECT_TRUE(has(missing.output, "absent.tsv")) << missing.output;
  const auto empty = zipp::testing::run_zipp({"graph", "ingest", "--config", config("edges", {})});
  EXPECT_EQ(empty.exit_code(), 2) << empty.output;
  EXPECT_TRUE(has(empty.output, "ingest.inputs is empty")) << empty.output;
}

TEST_F(GraphCliTest, IngestSmallGmlNetworkUnderMpi) {
  const std::string gml =
      file("net.gml",
           "graph [\n directed 1\n"
           " node [ id 0 label \"ann\" subreddits \"_networkx_list_start\" "
           "subreddits \"pics\" ]\n"
           " node [ id 1 label \"ben\" subreddits \"pics\" subreddits \"aww\" ]\n"
           " node [ id 2 label \"deleted_speaker_0\" subreddits "
           "\"_networkx_list_start\" subreddits \"aww\" ]\n"
           " node [ id 3 label \"cal\" subreddits \"[]\" ]\n"
           " edge [ source 0 target 1 weight 3 ]\n]\n");
  const auto result =
      zipp::testing::run_zipp({"graph", "ingest", "--config", config("gml", {gml})}, 2);
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  const auto r = report();
  EXPECT_EQ(r["source"]["gml"]["nodes"], 4);
  EXPECT_EQ(r["source"]["gml"]["reply_edges"], 1);
  EXPECT_EQ(r["source"]["gml"]["deleted_speakers_dropped"], 1);
  EXPECT_EQ(r["assembly"]["users_dropped"]["without_edges"], 1);  // cal
  const auto info = info_json(graph_path());
  EXPECT_EQ(info["users"], 2);
  EXPECT_EQ(info["edges"], 3);
  EXPECT_EQ(info["posts"], 0);
  EXPECT_EQ(info["comments"], 3);
}

TEST_F(GraphCliTest, IngestTheConvokitNetwork) {
  const fs::path network = fs::path(ZIPP_SHARED_DATA) / "reddit-convokit-small-network" /
                           "reddit_small_corpus_network_digraph.gml.gz";
  if (!fs::exists(network)) GTEST_SKIP() << "the ConvoKit network is not here: " << network;
  const auto result = zipp::testing::run_zipp(
      {"graph", "ingest", "--config",
       std::string(ZIPP_SOURCE_DIR) + "/configs/ingest-convokit.yaml",
       "run.dir=" + (dir_ / "run").string(), "ingest.inputs=[" + network.string() + "]"});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  const auto r = report();
  EXPECT_EQ(r["source"]["gml"]["nodes"], 145'607);
  EXPECT_EQ(r["source"]["gml"]["pairs"], 162'240);
  EXPECT_EQ(r["source"]["gml"]["deleted_speakers_dropped"], 28'965);
  const auto validate = zipp::testing::run_zipp({"graph", "validate", graph_path().string()});
  EXPECT_EQ(validate.exit_code(), 0) << validate.output;
  EXPECT_EQ(r["assembly"]["out"]["subreddits"], 100);
}

// graph.h5 written dataset by dataset with the core/io/h5 helpers (the sample graph of
// tests/graph/sample_graph.h), one dataset replaced by a defective one.
class GraphValidateCliTest : public GraphCliTest {
 protected:
  template <typename T>
  static at::Tensor tensor(std::vector<T> values, c10::ScalarType dtype,
                           std::vector<std::int64_t> shape = {}) {
    if (shape.empty()) shape = {static_cast<std::int64_t>(values.size())};
    return at::from_blob(values.data(), shape, at::TensorOptions().dtype(dtype)).clone();
  }

  fs::path write(const std::string& replaced = "", const at::Tensor& with = {}) const {
    const graph::BipartiteGraph g = graph::testing::sample_graph();
    const fs::path path = dir_ / "graph.h5";
    auto file = h5::File::create(path, h5::Overwrite::kYes);
    h5::set_attribute(file, "format_version", std::int64_t{1});
    h5::set_attribute(file, "num_users", g.num_users);
    h5::set_attribute(file, "num_subreddits", g.num_subreddits);
    h5::set_attribute(file, "num_edges", g.num_edges());
    h5::set_attribute(file, "source", g.source);
    for (const char* group : {"users", "subreddits", "csr", "csc", "split", "users/alignment"}) {
      h5::create_group(file, group);
    }
    h5::write_strings(file, "/users/names", g.user_names);
    h5::write_strings(file, "/subreddits/names", g.subreddit_names);
    h5::write_strings(file, "/subreddits/descriptions", g.subreddit_descriptions);
    const auto put = [&](const std::string& name, const at::Tensor& t) {
      h5::write_tensor(file, name, name == replaced ? with : t);
    };
    put("/subreddits/features", g.subreddit_features);
    put("/csr/indptr", tensor(g.csr.indptr, at::kLong));
    put("/csr/indices", tensor(g.csr.indices, at::kInt));
    put("/csr/posts", tensor(g.csr.posts, at::kInt));
    put("/csr/comments", tensor(g.csr.comments, at::kInt));
    put("/csr/features", tensor(g.csr.features, at::kFloat, {g.num_edges(), 2}));
    put("/csc/indptr", tensor(g.csc.indptr, at::kLong));
    put("/csc/indices", tensor(g.csc.indices, at::kInt));
    put("/csc/edge_ids", tensor(g.csc.edge_ids, at::kLong));
    put("/users/alignment/user_ids", tensor(g.alignment->user_ids, at::kLong));
    put("/users/alignment/vectors", g.alignment->vectors);
    put("/users/alignment/mask", tensor(std::vector<std::uint8_t>{0, 1, 0, 1}, at::kByte));
    put("/split/heldout", tensor(g.split->heldout, at::kByte));
    h5::set_attribute(h5::open_group(file, "/split"), "seed", g.split->seed);
    file.close();
    return path;
  }

  void expect_rejected(const fs::path& path, const std::vector<std::string>& messages) const {
    const auto result = zipp::testing::run_zipp({"graph", "validate", path.string()});
    EXPECT_EQ(result.exit_code(), 3) << result.output;
    for (const auto& message : messages) {
      EXPECT_TRUE(has(result.output, message)) << "expected '" << message << "' in\n"
                                               << result.output;
    }
  }
};

using I32 = std::vector<std::int32_t>;

TEST_F(GraphValidateCliTest, AcceptsAGoodFileWithAOneLineSummary) {
  const auto result = zipp::testing::run_zipp({"graph", "validate", write().string()});
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  EXPECT_TRUE(has(result.output, "OK ")) << result.output;
  EXPECT_TRUE(has(result.output,
                  "4 users, 3 subreddits, 7 edges, features [3, 4], 2 aligned "
                  "users, held-out split"))
      << result.output;
}

// The sample's CSR: user 0 -> {0, 2}, user 1 -> {0, 1}, user 2 -> {2}, user 3 -> {0, 1}.
TEST_F(GraphValidateCliTest, RejectsAnOutOfRangeId) {
  expect_rejected(write("/csr/indices", tensor(I32{0, 2, 0, 1, 3, 0, 1}, at::kInt)),
                  {"/csr/indices[4] = 3 outside [0, 3)"});
}

TEST_F(GraphValidateCliTest, RejectsADuplicateEdge) {
  expect_rejected(write("/csr/indices", tensor(I32{0, 2, 1, 1, 2, 0, 1}, at::kInt)),
                  {"/csr/indices[3]: duplicate edge (row 1, id 1)"});
}

TEST_F(GraphValidateCliTest, RejectsAnUnsortedCsr) {
  expect_rejected(write("/csr/indices", tensor(I32{2, 0, 0, 1, 2, 0, 1}, at::kInt)),
                  {"/csr/indices[1]: row 0 is not sorted: 2 then 0"});
}

TEST_F(GraphValidateCliTest, RejectsCsrAndCscThatDisagree) {
  expect_rejected(
      write("/csc/edge_ids", tensor(std::vector<std::int64_t>{0, 3, 5, 2, 6, 1, 4}, at::kLong)),
      {"/csc entry 1 (user 1, subreddit 0) points at CSR edge 3 (user 1, subreddit 1)"});
}

TEST_F(GraphValidateCliTest, RejectsNaNFeatures) {
  std::vector<float> edge_features = graph::testing::sample_graph().csr.features;
  edge_features[7] = std::numeric_limits<float>::quiet_NaN();
  expect_rejected(write("/csr/features", tensor(edge_features, at::kFloat, {7, 2})),
                  {"/csr/features[3, 1] = nan is not finite"});
}

TEST_F(GraphValidateCliTest, RejectsAShapeMismatch) {
  expect_rejected(write("/csr/posts", tensor(I32{1, 0, 0, 3, 2, 0}, at::kInt)),
                  {"invalid graph file: ", "/csr/posts", "shape"});
}

TEST_F(GraphValidateCliTest, RejectsAFileThatIsNotHdf5) {
  expect_rejected(file("graph.h5", "not an HDF5 file"), {"graph.h5"});
}

}  // namespace
}  // namespace zipp::launch
