#include "graph/ingest/edge_list_reader.h"

#include <gtest/gtest.h>

#include "tests/core/io/temp_dir.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;
using testing::write_text;

class EdgeListReaderTest : public core::testing::TempDirTest {
 protected:
  EdgeTable read(const std::vector<std::string>& names, EdgeListOptions options = {}) {
    std::vector<std::string> paths;
    for (const auto& name : names) paths.push_back(path(name).string());
    return read_edge_lists(paths, options, &report_);
  }

  // (user, subreddit, posts, comments) of every record, by name.
  static std::vector<std::tuple<std::string, std::string, int, int>> rows(const EdgeTable& t) {
    std::vector<std::tuple<std::string, std::string, int, int>> out;
    for (const auto& r : t.interactions) {
      out.emplace_back(t.users[r.user], t.subreddits[r.subreddit], r.posts, r.comments);
    }
    return out;
  }

  ReadReport report_;
};

using Rows = std::vector<std::tuple<std::string, std::string, int, int>>;

TEST_F(EdgeListReaderTest, ReadsTsvWithoutHeader) {
  write_text(path("e.tsv"), "alice\tpics\t1\t2\nbob\taww\t0\t3\n\n# a comment\nalice\taww\t4\t0\n");
  const EdgeTable t = read({"e.tsv"});
  EXPECT_EQ(rows(t), (Rows{{"alice", "pics", 1, 2}, {"bob", "aww", 0, 3}, {"alice", "aww", 4, 0}}));
  EXPECT_EQ(t.users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(t.subreddits, (std::vector<std::string>{"pics", "aww"}));
  EXPECT_EQ(report_.records(), 3);
  EXPECT_EQ(report_.malformed(), 0);
}

TEST_F(EdgeListReaderTest, HeaderNamesColumnsInAnyOrderAndCase) {
  write_text(path("e.csv"),
             "\xEF\xBB\xBF"
             "Comments,Subreddit,extra,USER,posts\n5,pics,x,alice,1\n");
  const EdgeTable t = read({"e.csv"});
  EXPECT_EQ(rows(t), (Rows{{"alice", "pics", 1, 5}}));
  EXPECT_EQ(report_.records(), 1);
}

TEST_F(EdgeListReaderTest, HeaderMissingACountColumnIsAnError) {
  write_text(path("e.tsv"), "user\tsubreddit\tcomments\nalice\tpics\t1\n");
  const auto message = message_of<core::InputError>([&] { read({"e.tsv"}); });
  EXPECT_TRUE(contains(message, "e.tsv:1: the header has no column 'posts'")) << message;
}

TEST_F(EdgeListReaderTest, CsvQuotingKeepsDelimitersAndQuotes) {
  write_text(path("e.csv"), "user,subreddit,posts,comments\n\"a,b\",\"say \"\"hi\"\"\", 2 ,3\n");
  const EdgeTable t = read({"e.csv"});
  EXPECT_EQ(rows(t), (Rows{{"a,b", "say \"hi\"", 2, 3}}));
}

TEST_F(EdgeListReaderTest, NamesAreSharedAcrossFiles) {
  write_text(path("a.tsv"), "alice\tpics\t1\t0\n");
  write_text(path("b.csv"), "alice,pics,0,2\ncarol,pics,1,1\n");
  const EdgeTable t = read({"a.tsv", "b.csv"});
  EXPECT_EQ(t.users, (std::vector<std::string>{"alice", "carol"}));
  EXPECT_EQ(t.subreddits, (std::vector<std::string>{"pics"}));
  ASSERT_EQ(t.interactions.size(), 3U);
  EXPECT_EQ(t.interactions[1].user, 0);  // the repeated pair is kept for the CSR to sum
  ASSERT_EQ(report_.files().size(), 2U);
  EXPECT_EQ(report_.files()[1].records, 2);
}

TEST_F(EdgeListReaderTest, CountsEveryMalformedRowByReasonWithFileAndLine) {
  write_text(path("e.csv"),
             "user,subreddit,posts,comments\n"
             "alice,pics,1,1\n"         // 2: fine
             "bob,pics,1\n"             // 3: wrong_field_count
             ",pics,1,1\n"              // 4: empty_user
             "bob,,1,1\n"               // 5: empty_subreddit
             "bob,pics,-1,1\n"          // 6: bad_count
             "bob,pics,1,x\n"           // 7: bad_count
             "bob,pics,1,3000000000\n"  // 8: bad_count (over int32)
             "bob,pics,0,0\n"           // 9: zero_interactions
             "\"bob,pics,1,1\n"         // 10: unterminated_quote
             "\"bob\"x,pics,1,1\n");    // 11: text_after_quote
  const EdgeTable t = read({"e.csv"}, {.max_malformed_fraction = 1.0});
  EXPECT_EQ(t.interactions.size(), 1U);
  EXPECT_EQ(report_.records(), 10);
  EXPECT_EQ(report_.malformed(), 9);
  const std::map<std::string, std::int64_t> expected = {
      {"wrong_field_count", 1}, {"empty_user", 1},         {"empty_subreddit", 1}, {"bad_count", 3},
      {"zero_interactions", 1}, {"unterminated_quote", 1}, {"text_after_quote", 1}};
  EXPECT_EQ(report_.malformed_by_reason(), expected);
  const auto& examples = report_.files().at(0).examples;
  ASSERT_EQ(examples.size(), ReadReport::kMaxExamples);
  EXPECT_TRUE(contains(examples[0], "e.csv:3: wrong_field_count: expected 4 fields, found 3"))
      << examples[0];
  EXPECT_TRUE(contains(examples[3], "e.csv:6: bad_count: posts = '-1'")) << examples[3];
}

TEST_F(EdgeListReaderTest, MalformedShareOverTheLimitFailsAfterReadingEverything) {
  write_text(path("e.tsv"), "alice\tpics\t1\t1\nbob\tpics\tx\t1\ncarol\taww\t1\n");
  const auto message =
      message_of<core::InputError>([&] { read({"e.tsv"}, {.max_malformed_fraction = 0.5}); });
  EXPECT_TRUE(contains(message, "2 of 3 records malformed")) << message;
  EXPECT_TRUE(contains(message, "bad_count 1, wrong_field_count 1")) << message;
  EXPECT_TRUE(contains(message, "e.tsv:2: bad_count")) << message;
  EXPECT_TRUE(contains(message, "ingest.max_malformed_fraction = 0.5")) << message;
  EXPECT_EQ(report_.records(), 3);  // the report is complete although the call failed
}

TEST_F(EdgeListReaderTest, TheLimitHoldsForEachFile) {
  write_text(path("good.tsv"), "a\tpics\t1\t1\nb\tpics\t1\t1\nc\tpics\t1\t1\nd\tpics\t1\t1\n");
  write_text(path("bad.tsv"), "e\tpics\t1\t1\nf\tpics\t1\n");
  // 1 of 6 rows overall (17%) but 1 of 2 (50%) in bad.tsv.
  const auto message = message_of<core::InputError>([&] {
    read({"good.tsv", "bad.tsv"}, {.max_malformed_fraction = 0.25});
  });
  EXPECT_TRUE(contains(message, "bad.tsv (1 of 2, 50.00%), over the limit")) << message;
  EXPECT_FALSE(contains(message, "good.tsv (")) << message;
}

TEST_F(EdgeListReaderTest, MalformedShareAtTheLimitPasses) {
  write_text(path("e.tsv"), "alice\tpics\t1\t1\nbob\tpics\tx\t1\n");
  EXPECT_NO_THROW(read({"e.tsv"}, {.max_malformed_fraction = 0.5}));
}

TEST_F(EdgeListReaderTest, MissingFileIsAnIoError) {
  const auto message = message_of<core::IoError>([&] { read({"absent.tsv"}); });
  EXPECT_TRUE(contains(message, "absent.tsv")) << message;
}

TEST_F(EdgeListReaderTest, UnknownExtensionNeedsADelimiter) {
  write_text(path("edges.dat"), "alice;pics;1;1\n");
  const auto message = message_of<core::ConfigError>([&] { read({"edges.dat"}); });
  EXPECT_TRUE(contains(message, "ingest.delimiter")) << message;
  write_text(path("edges.dat"), "alice,pics,1,1\n");
  EXPECT_EQ(read({"edges.dat"}, {.delimiter = Delimiter::kComma}).interactions.size(), 1U);
}

}  // namespace
}  // namespace zipp::graph
