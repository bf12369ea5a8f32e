#include "graph/ingest/gml_reader.h"

#include <gtest/gtest.h>

#include "graph/ingest/gml_tokenizer.h"
#include "tests/core/io/temp_dir.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;
using testing::write_text;

// Four users as networkx writes them: a one-element list with its marker, a longer list, the
// "[]" artefact, a deleted_speaker_* pseudo-user; three reply edges, one a self-loop.
constexpr const char* kNetwork = R"(graph [
  directed 1
  node [
    id 0
    label "rheinl"
    subreddits "_networkx_list_start"
    subreddits "singapore"
    num_comments 14
  ]
  node [
    id 2
    label "sea_lecture"
    subreddits "singapore"
    subreddits "Guildwars2"
    subreddits "aww"
    subreddits "aww"
    num_comments 7
    graphics [ x 1.5 y -2 ]
  ]
  node [
    id 5
    label "quiet"
    subreddits "[]"
    num_comments 0
  ]
  node [
    id 7
    label "deleted_speaker_3"
    subreddits "_networkx_list_start"
    subreddits "aww"
  ]
  edge [
    source 0
    target 2
    weight 4
  ]
  edge [
    source 2
    target 2
    weight 2.5
  ]
  edge [
    source 7
    target 0
  ]
]
)";

class GmlReaderTest : public core::testing::TempDirTest {
 protected:
  EdgeTable read(const std::string& text, GmlOptions options = {}) {
    write_text(path("net.gml"), text);
    return read_gml_network(path("net.gml").string(), options, &report_);
  }

  static std::vector<std::pair<std::string, std::string>> pairs(const EdgeTable& t) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : t.interactions) {
      EXPECT_EQ(r.posts, 0);
      EXPECT_EQ(r.comments, 1);
      out.emplace_back(t.users[r.user], t.subreddits[r.subreddit]);
    }
    return out;
  }

  GmlReport report_;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_F(GmlReaderTest, ReadsUsersAndTheirSubredditsWithTheQuirksResolved) {
  const EdgeTable t = read(kNetwork, {.deleted_speakers = DeletedSpeakers::kKeep});
  EXPECT_EQ(t.users,
            (std::vector<std::string>{"rheinl", "sea_lecture", "quiet", "deleted_speaker_3"}));
  EXPECT_EQ(pairs(t), (Pairs{{"rheinl", "singapore"},
                             {"sea_lecture", "singapore"},
                             {"sea_lecture", "Guildwars2"},
                             {"sea_lecture", "aww"},
                             {"deleted_speaker_3", "aww"}}));
  EXPECT_EQ(report_.nodes, 4);
  EXPECT_EQ(report_.list_markers, 2);
  EXPECT_EQ(report_.subreddit_entries, 7);  // singapore, 4 of sea_lecture, "[]", aww
  EXPECT_EQ(report_.empty_list_values, 1);
  EXPECT_EQ(report_.distinct_subreddit_values, 4);  // singapore, Guildwars2, aww, "[]"
  EXPECT_EQ(report_.duplicate_pairs, 1);
  EXPECT_EQ(report_.pairs, 5);
  EXPECT_EQ(report_.deleted_speakers, 1);
  EXPECT_EQ(report_.deleted_speakers_dropped, 0);
  EXPECT_EQ(report_.edges, 3);
  EXPECT_EQ(report_.self_loops, 1);
  EXPECT_DOUBLE_EQ(report_.weight_sum, 7.5);  // an edge without weight counts 1
  EXPECT_DOUBLE_EQ(report_.max_weight, 4);
  EXPECT_EQ(report_.records.records(), 7);
  EXPECT_EQ(report_.records.malformed(), 0);
}

TEST_F(GmlReaderTest, DropsDeletedSpeakersByDefault) {
  const EdgeTable t = read(kNetwork);
  EXPECT_EQ(t.users, (std::vector<std::string>{"rheinl", "sea_lecture", "quiet"}));
  EXPECT_EQ(report_.deleted_speakers, 1);
  EXPECT_EQ(report_.deleted_speakers_dropped, 1);
  EXPECT_EQ(report_.pairs_dropped, 1);
  EXPECT_EQ(report_.edges, 3);  // reply edges are counted whatever their users
  EXPECT_EQ(t.interactions.size(), 4U);
}

TEST_F(GmlReaderTest, DecodesCharacterReferencesAndMultiLineStrings) {
  const EdgeTable t = read(
      "# written by hand\ngraph [ node [ id 1 label \"caf&#233; &amp; &#x263A;\" subreddits "
      "\"two\nlines\" ] ]");
  EXPECT_EQ(t.users, (std::vector<std::string>{"caf\xC3\xA9 & \xE2\x98\xBA"}));
  EXPECT_EQ(t.subreddits, (std::vector<std::string>{"two\nlines"}));
  EXPECT_EQ(decode_gml_entities("a&b &#bad; &lt;"), "a&b &#bad; <");
}

TEST_F(GmlReaderTest, CountsRecordsThatMakeNoSenseByReason) {
  const EdgeTable t = read(R"(graph [
    node [ id 1 label "a" subreddits "x" ]
    node [ id 1 label "b" ]
    node [ label "c" ]
    node [ id 3 ]
    node [ id 4 label "a" ]
    edge [ source 1 target 9 ]
    edge [ source 1 ]
    edge [ source 1 target 1 weight "heavy" ]
  ])",
                           {.max_malformed_fraction = 1.0});
  EXPECT_EQ(t.users, (std::vector<std::string>{"a"}));
  const std::map<std::string, std::int64_t> expected = {
      {"duplicate_node_id", 1}, {"node_without_id", 1}, {"node_without_label", 1},
      {"duplicate_label", 1},   {"bad_edge", 2},        {"edge_to_unknown_node", 1}};
  EXPECT_EQ(report_.records.malformed_by_reason(), expected);
  EXPECT_EQ(report_.records.records(), 8);
  EXPECT_EQ(report_.edges, 0);
  const auto& examples = report_.records.files().at(0).examples;
  ASSERT_FALSE(examples.empty());
  EXPECT_TRUE(contains(examples[0], "net.gml:3: duplicate_node_id: id 1 was used before"))
      << examples[0];
}

TEST_F(GmlReaderTest, TooManyBadRecordsFailTheRead) {
  const auto message = message_of<core::InputError>(
      [&] { read("graph [ node [ id 1 label \"a\" ] edge [ source 1 target 2 ] ]"); });
  EXPECT_TRUE(contains(message, "1 of 2 records malformed")) << message;
  EXPECT_TRUE(contains(message, "edge_to_unknown_node")) << message;
}

TEST_F(GmlReaderTest, SyntaxErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"graph [\n  node [ id 1 label \"a ]\n", "net.gml:2: string not closed"},
      {"graph [\n  node [ id 1\n", "net.gml:2: list opened here is not closed"},
      {"graph [\n  node [ id ]\n]", "net.gml:2: expected a value after key 'id', found ']'"},
      {"graph [\n  node [ id 1 } ]\n]", "net.gml:2: unexpected character '}'"},
      {"graph [\n  node [ 12 ]\n]", "net.gml:2: expected a key, found integer '12'"},
      {"creator \"me\"\n", "no 'graph [ ... ]' list found"},
      {"graph [\n node [ id 1x ] ]", "net.gml:2: malformed number '1x'"},
  };
  for (const auto& c : cases) {
    const auto message = message_of<core::InputError>([&] { read(c.text); });
    EXPECT_TRUE(contains(message, c.message)) << c.text << "\n-> " << message;
  }
}

TEST_F(GmlReaderTest, MissingFileIsAnIoError) {
  EXPECT_FALSE(message_of<core::IoError>([&] {
                 read_gml_network(path("absent.gml.gz").string(), {});
               }).empty());
}

}  // namespace
}  // namespace zipp::graph
