#include "graph/ingest/subreddit_metadata.h"

#include <gtest/gtest.h>

#include "tests/core/io/temp_dir.h"
#include "tests/graph/ingest/ingest_test_files.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;
using testing::write_text;
using Descriptions = std::unordered_map<std::string, std::string>;

class SubredditMetadataTest : public core::testing::TempDirTest {
 protected:
  SubredditMetadata read(const std::string& name, double max_fraction = 1.0) {
    return read_subreddit_metadata(path(name).string(), max_fraction, &report_);
  }
  ReadReport report_;
};

TEST_F(SubredditMetadataTest, NdjsonTakesDisplayNameAndPublicDescription) {
  write_text(path("subs.ndjson"),
             R"({"display_name": "pics", "name": "t5_2qh0u", "public_description": "Pictures"})"
             "\n"
             R"({"name": "r/aww", "public_description": "", "description": "Cute things"})"
             "\n"
             R"({"display_name": "/r/cpp", "public_description": null})"
             "\n\n");
  const auto metadata = read("subs.ndjson");
  EXPECT_EQ(metadata.descriptions,
            (Descriptions{{"pics", "Pictures"}, {"aww", "Cute things"}, {"cpp", ""}}));
  EXPECT_EQ(report_.records(), 3);
  EXPECT_EQ(report_.malformed(), 0);
}

TEST_F(SubredditMetadataTest, NdjsonCountsBadRecordsByReason) {
  write_text(path("subs.jsonl"),
             "{\"display_name\": \"pics\", \"public_description\": \"a\"}\n"
             "{\"display_name\": \"pics\", \"public_description\": \"b\"}\n"  // duplicate_name
             "{\"display_name\": \"x\", \"public_description\": 5}\n"         // bad_description
             "{\"title\": \"no name\"}\n"                                     // missing_name
             "[1, 2]\n"                                                       // not_an_object
             "{\"display_name\": \"y\"\n");                                   // invalid_json
  const auto metadata = read("subs.jsonl");
  EXPECT_EQ(metadata.descriptions, (Descriptions{{"pics", "a"}}));
  const std::map<std::string, std::int64_t> expected = {{"duplicate_name", 1},
                                                        {"bad_description", 1},
                                                        {"missing_name", 1},
                                                        {"not_an_object", 1},
                                                        {"invalid_json", 1}};
  EXPECT_EQ(report_.malformed_by_reason(), expected);
  EXPECT_TRUE(contains(report_.files()[0].examples[0], "subs.jsonl:2: duplicate_name"))
      << report_.files()[0].examples[0];
  const auto message = message_of<core::InputError>(
      [&] { read_subreddit_metadata(path("subs.jsonl").string(), 0.5); });
  EXPECT_TRUE(contains(message, "5 of 6 records malformed")) << message;
}

TEST_F(SubredditMetadataTest, TsvWithHeaderAndEscapes) {
  write_text(path("subs.tsv"),
             "name\tdescription\nr/pics\tPictures\\nand photos\naww\t\nbad line\nx\ty\tz\n");
  const auto metadata = read("subs.tsv");
  EXPECT_EQ(metadata.descriptions, (Descriptions{{"pics", "Pictures\nand photos"}, {"aww", ""}}));
  EXPECT_EQ(report_.records(), 4);
  EXPECT_EQ(report_.malformed_by_reason(),
            (std::map<std::string, std::int64_t>{{"wrong_field_count", 2}}));
}

TEST_F(SubredditMetadataTest, UnknownExtensionIsAConfigError) {
  write_text(path("subs.xml"), "<subs/>");
  EXPECT_TRUE(contains(message_of<core::ConfigError>([&] { read("subs.xml"); }), "subs.xml"));
}

}  // namespace
}  // namespace zipp::graph
