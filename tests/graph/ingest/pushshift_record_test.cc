// The pieces of Pushshift ingest that need no MPI: record parsing and its malformed reasons,
// image-post detection, the author filters, the work plan and the name table.
#include "graph/ingest/pushshift_record.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.h"
#include "graph/ingest/author_filter.h"
#include "graph/ingest/image_post.h"
#include "graph/ingest/ingest_plan.h"
#include "graph/ingest/local_aggregate.h"
#include "graph/ingest/name_table.h"
#include "tests/graph/ingest/pushshift_dump.h"

namespace zipp::graph {
namespace {

// Parses `json` from a padded copy, as CompressedInput hands lines out.
std::optional<MalformedReason> parse(RecordParser& parser, const std::string& json,
                                     PushshiftRecord& record) {
  static std::string buffer;
  buffer = json + std::string(64, ' ');
  return parser.parse(std::string_view(buffer.data(), json.size()), record);
}

std::optional<MalformedReason> reason_of(const std::string& json) {
  RecordParser parser;
  PushshiftRecord record;
  return parse(parser, json, record);
}

TEST(RecordParser, ReadsACommentAndASubmission) {
  RecordParser parser;
  PushshiftRecord record;
  ASSERT_EQ(parse(parser,
                  R"({"author":"al\u00e9","body":"x {\"a\": [1]}","created_utc":"1500000000",)"
                  R"("link_id":"t3_1","nested":{"author":"not me"},"subreddit":"pics"})",
                  record),
            std::nullopt);
  EXPECT_EQ(record.kind, RecordKind::kComment);
  EXPECT_EQ(record.author, "alé");
  EXPECT_EQ(record.subreddit, "pics");
  EXPECT_EQ(record.created_utc, 1500000000);

  ASSERT_EQ(parse(parser,
                  R"({"title":"A \"cat\"","url":"https://i.redd.it/x.jpg","over_18":true,)"
                  R"("post_hint":"image","is_self":false,"created_utc":1500000001.9,)"
                  R"("author":"bob","subreddit":"cats"})",
                  record),
            std::nullopt);
  EXPECT_EQ(record.kind, RecordKind::kSubmission);
  EXPECT_EQ(record.title, "A \"cat\"");
  EXPECT_EQ(record.url, "https://i.redd.it/x.jpg");
  EXPECT_EQ(record.post_hint, "image");
  EXPECT_TRUE(record.over_18);
  EXPECT_EQ(record.created_utc, 1500000001);
}

TEST(RecordParser, NullOptionalFieldsAreAbsent) {
  RecordParser parser;
  PushshiftRecord record;
  ASSERT_EQ(parse(parser,
                  R"({"author":"a","subreddit":"s","created_utc":1,"title":"t","url":null,)"
                  R"("post_hint":null,"over_18":null})",
                  record),
            std::nullopt);
  EXPECT_EQ(record.url, "");
  EXPECT_FALSE(record.over_18);
}

TEST(RecordParser, NamesTheReasonOfEveryMalformedRecord) {
  const std::string ok = R"("subreddit":"s","created_utc":1,"body":"b")";
  EXPECT_EQ(reason_of("{\"author\":\"a\"," + ok + "}"), std::nullopt);
  EXPECT_EQ(reason_of("{\"author\":\"a\"," + ok), MalformedReason::kInvalidJson);
  EXPECT_EQ(reason_of("not json"), MalformedReason::kInvalidJson);
  EXPECT_EQ(reason_of("[1,2]"), MalformedReason::kInvalidJson);
  EXPECT_EQ(reason_of("{\"author\":tru," + ok + "}"), MalformedReason::kInvalidJson);
  EXPECT_EQ(reason_of("{\"author\":\"a\"," + ok + "} {}"), MalformedReason::kInvalidJson);
  EXPECT_EQ(reason_of("{" + ok + "}"), MalformedReason::kMissingAuthor);
  EXPECT_EQ(reason_of("{\"author\":null," + ok + "}"), MalformedReason::kMissingAuthor);
  EXPECT_EQ(reason_of("{\"author\":\"\"," + ok + "}"), MalformedReason::kMissingAuthor);
  EXPECT_EQ(reason_of(R"({"author":"a","created_utc":1,"body":"b"})"),
            MalformedReason::kMissingSubreddit);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":7,"created_utc":1,"body":"b"})"),
            MalformedReason::kMissingSubreddit);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":"s","body":"b"})"),
            MalformedReason::kBadCreatedUtc);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":"s","created_utc":"soon","body":"b"})"),
            MalformedReason::kBadCreatedUtc);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":"s","created_utc":true,"body":"b"})"),
            MalformedReason::kBadCreatedUtc);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":"s","created_utc":1,"title":5})"),
            MalformedReason::kBadField);
  EXPECT_EQ(
      reason_of(R"({"author":"a","subreddit":"s","created_utc":1,"title":"t","over_18":"no"})"),
      MalformedReason::kBadField);
  EXPECT_EQ(reason_of(R"({"author":"a","subreddit":"s","created_utc":1})"),
            MalformedReason::kUnknownKind);
}

TEST(RecordParser, CreatedUtcText) {
  EXPECT_EQ(parse_created_utc_text("1420070400"), 1420070400);
  EXPECT_EQ(parse_created_utc_text("1420070400.0"), 1420070400);
  EXPECT_EQ(parse_created_utc_text("1420070400.75"), 1420070400);
  EXPECT_EQ(parse_created_utc_text("-1.5"), -2);
  EXPECT_EQ(parse_created_utc_text(""), std::nullopt);
  EXPECT_EQ(parse_created_utc_text("12abc"), std::nullopt);
  EXPECT_EQ(parse_created_utc_text(" 12"), std::nullopt);
  EXPECT_EQ(parse_created_utc_text("inf"), std::nullopt);
  EXPECT_EQ(parse_created_utc_text("99999999999999999999"), std::nullopt);
}

TEST(ImagePost, HintsHostsAndExtensions) {
  EXPECT_TRUE(is_image_post("image", ""));
  EXPECT_TRUE(is_image_post("", "https://i.redd.it/abc"));
  EXPECT_TRUE(is_image_post("", "http://I.Imgur.com:80/abc"));
  EXPECT_TRUE(is_image_post("link", "https://example.com/a/b.JPEG?x=1#f"));
  EXPECT_TRUE(is_image_post("", "example.com/b.webp"));
  EXPECT_FALSE(is_image_post("", "https://imgur.com/gallery/abc"));
  EXPECT_FALSE(is_image_post("rich:video", "https://youtube.com/watch?v=a.jpg"));
  EXPECT_FALSE(is_image_post("", "https://example.com/a.jpg.html"));
  EXPECT_FALSE(is_image_post("self", ""));
  EXPECT_FALSE(is_image_post("", "https://i.redd.it.example.com/a"));
}

TEST(AuthorFilter, MatchesIgnoringCase) {
  const AuthorFilter filter({"[deleted]", "AutoModerator"}, {"RemindMeBot"});
  EXPECT_EQ(filter.check("[deleted]"), AuthorVerdict::kDroppedAuthor);
  EXPECT_EQ(filter.check("automoderator"), AuthorVerdict::kDroppedAuthor);
  EXPECT_EQ(filter.check("remindmebot"), AuthorVerdict::kDroppedBot);
  EXPECT_EQ(filter.check("RemindMeBot2"), AuthorVerdict::kKeep);
}

TEST(AuthorFilter, ReadsABotListWithComments) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("zipp_bots_" + std::to_string(::getpid()));
  testing::write_plain(path, "# bots\n  BotOne  \n\nbot_two # trailing note\n#x\n");
  EXPECT_EQ(read_bot_list(path.string()), (std::vector<std::string>{"BotOne", "bot_two"}));
  std::filesystem::remove(path);
  EXPECT_THROW(read_bot_list(path.string()), core::IoError);
}

TEST(IngestPlan, CoversEveryByteOnceAndBalances) {
  const std::vector<InputFile> files = {{1000, Compression::kPlain},
                                        {50, Compression::kZstd},
                                        {5000, Compression::kZstd},
                                        {0, Compression::kPlain},
                                        {2501, Compression::kPlain}};
  for (const int ranks : {1, 2, 3, 4}) {
    const auto plan = plan_ingest(files, ranks, 600);
    ASSERT_EQ(plan.size(), static_cast<std::size_t>(ranks));
    std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> covered(files.size());
    for (const auto& pieces : plan) {
      for (const IngestPiece& piece : pieces) {
        if (files[piece.file].compression != Compression::kPlain) {
          EXPECT_FALSE(piece.range.has_value());
        }
        const ByteRange range = piece.range.value_or(ByteRange{0, files[piece.file].size});
        covered[piece.file].emplace_back(range.begin, range.end);
      }
    }
    for (std::size_t f = 0; f < files.size(); ++f) {
      std::sort(covered[f].begin(), covered[f].end());
      std::uint64_t at = 0;
      for (const auto& [begin, end] : covered[f]) {
        EXPECT_EQ(begin, at) << "file " << f;
        at = end;
      }
      EXPECT_EQ(at, files[f].size) << "file " << f;
    }
  }
  // The big zstd file cannot be split: it alone loads one rank of two.
  const auto two = plan_ingest(files, 2, 600);
  const bool zstd_alone =
      (two[0].size() == 1 && two[0][0].file == 2) || (two[1].size() == 1 && two[1][0].file == 2);
  EXPECT_TRUE(zstd_alone);
}

TEST(NameTable, InternsAndFinds) {
  NameTable table;
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("name_" + std::to_string(i * 7919 % 10007));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto [id, added] = table.intern(names[i]);
    EXPECT_EQ(id, i);
    EXPECT_TRUE(added);
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(table.intern(names[i]), std::make_pair(static_cast<std::uint32_t>(i), false));
    EXPECT_EQ(table.find(names[i]), static_cast<std::int64_t>(i));
    EXPECT_EQ(table.name(static_cast<std::uint32_t>(i)), names[i]);
  }
  EXPECT_EQ(table.find("absent"), -1);
  EXPECT_EQ(table.intern("").first, 5000u);
}

TEST(ImageTitles, KeepsTheFirstByFileThenOffset) {
  std::vector<ImageTitle> titles = {{1, 5, "d"}, {0, 90, "b"}, {0, 7, "a"}, {1, 2, "c"}};
  keep_first_titles(titles, 3);
  ASSERT_EQ(titles.size(), 3u);
  EXPECT_EQ(titles[0].text, "a");
  EXPECT_EQ(titles[1].text, "b");
  EXPECT_EQ(titles[2].text, "c");
}

}  // namespace
}  // namespace zipp::graph
