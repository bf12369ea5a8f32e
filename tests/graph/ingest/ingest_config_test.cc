#include "graph/ingest/ingest_config.h"

#include <gtest/gtest.h>

#include "core/config/load.h"
#include "core/config/schema.h"
#include "tests/core/io/temp_dir.h"

namespace zipp::graph {
namespace {

using core::testing::contains;
using core::testing::message_of;

core::config::Config load(const std::vector<std::string>& overrides) {
  core::config::Schema schema;
  schema.add<IngestConfig>();
  return core::config::load_config(schema, std::nullopt, overrides);
}

TEST(IngestConfigTest, DatesAreUtcDaysOrUnixSeconds) {
  EXPECT_EQ(parse_utc_time("", "k"), std::nullopt);
  EXPECT_EQ(parse_utc_time("1970-01-01", "k"), 0);
  EXPECT_EQ(parse_utc_time("2018-09-01", "k"), 1'535'760'000);  // date -u -d 2018-09-01 +%s
  EXPECT_EQ(parse_utc_time("2000-02-29", "k"), 951'782'400);
  EXPECT_EQ(parse_utc_time("1536000000", "k"), 1'536'000'000);
  for (const char* bad : {"2018-02-29", "2018-13-01", "2018-9-1", "yesterday", "1.5"}) {
    EXPECT_TRUE(contains(message_of<core::ConfigError>([&] { parse_utc_time(bad, "k"); }),
                         "key 'k': expected a date YYYY-MM-DD (UTC) or Unix seconds"))
        << bad;
  }
}

TEST(IngestConfigTest, SectionRulesNameTheProblem) {
  EXPECT_EQ(load({"ingest.format=gml"}).get<IngestConfig>().format, "gml");
  EXPECT_TRUE(contains(message_of<core::ConfigError>([] {
                         load({"ingest.format=edges", "ingest.date_begin=2018-01-01"});
                       }),
                       "the edges format has no dates"));
  EXPECT_TRUE(contains(message_of<core::ConfigError>([] {
                         load({"ingest.date_begin=2018-02-01", "ingest.date_end=2018-01-01"});
                       }),
                       "date_begin (2018-02-01) must be before date_end (2018-01-01)"));
  EXPECT_TRUE(contains(message_of<core::ConfigError>([] { load({"ingest.date_end=soon"}); }),
                       "must be a date YYYY-MM-DD or Unix seconds"));
  EXPECT_TRUE(
      contains(message_of<core::ConfigError>([] { load({"ingest.min_user_interactions=0"}); }),
               "must be at least 1"));
  EXPECT_TRUE(
      contains(message_of<core::ConfigError>([] { load({"ingest.features_names=names.txt"}); }),
               "features_names is set but features is empty"));
}

}  // namespace
}  // namespace zipp::graph
