// ingest_pushshift across real MPI ranks: generated dumps (plain, gzip, zstd, some split into
// byte ranges) give the same table as an independent aggregation and as a 1-rank run; every
// filter, the malformed counts by reason, the error-rate limit and truncated or corrupt input.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "graph/ingest/pushshift_ingest.h"
#include "tests/graph/ingest/pushshift_dump.h"
#include "tests/graph/ingest/pushshift_reference.h"

namespace zipp::graph {
namespace {

namespace fs = std::filesystem;
using core::comm::Communicator;
using testing::Aggregation;
using testing::Dump;
using testing::DumpOptions;

constexpr std::int64_t k2016 = 1451606400;
constexpr std::int64_t k2017 = 1483228800;

class PushshiftIngest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Communicator world = Communicator::world();
    std::string name;
    if (world.rank() == 0) {
      std::string pattern = (fs::temp_directory_path() / "zipp_pushshift_XXXXXX").string();
      name = ::mkdtemp(pattern.data());
    }
    dir_ = core::comm::allgather_strings(world, name)[0];
  }
  void TearDown() override {
    const Communicator world = Communicator::world();
    world.barrier();
    if (world.rank() == 0) fs::remove_all(dir_);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Rank 0 writes the files; every rank waits until they are there.
  template <class F>
  void on_rank0(F&& write) {
    const Communicator world = Communicator::world();
    if (world.rank() == 0) write();
    world.barrier();
  }

  // Three dumps (plain, gzip in members, zstd in frames) and a bot list naming the generated
  // bots in other letter cases.
  std::vector<Dump> write_dumps(double malformed_fraction) {
    std::vector<Dump> dumps;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      dumps.push_back(testing::generate_dump(
          DumpOptions{.seed = seed, .malformed_fraction = malformed_fraction}));
    }
    on_rank0([&] {
      testing::write_plain(path("RC_1.ndjson"), testing::joined(dumps[0].lines));
      testing::write_gzip(path("RS_2.ndjson.gz"), testing::joined(dumps[1].lines), 2);
      testing::write_zstd(path("RC_3.zst"), testing::joined(dumps[2].lines),
                          {.window_log = 27, .long_distance = true, .frames = 2});
      testing::write_plain(path("bots.txt"), "# known bots\nremindmebot\nHELPER-BOT_3\n");
    });
    return dumps;
  }

  PushshiftOptions base_options() const {
    PushshiftOptions options;
    options.inputs = {path("RC_1.ndjson"), path("RS_2.ndjson.gz"), path("RC_3.zst")};
    options.bot_list = path("bots.txt");
    options.max_malformed_fraction = 0.05;
    options.split_bytes = 40000;  // splits the plain file into byte ranges
    return options;
  }

  fs::path dir_;
};

std::vector<std::vector<std::string>> lines_of(const std::vector<Dump>& dumps) {
  std::vector<std::vector<std::string>> files;
  for (const Dump& dump : dumps) files.push_back(dump.lines);
  return files;
}

void expect_same_aggregation(const Aggregation& actual, const Aggregation& expected) {
  EXPECT_EQ(actual.edges.size(), expected.edges.size());
  EXPECT_TRUE(actual.edges == expected.edges) << "the (user, subreddit) counts differ";
  EXPECT_TRUE(actual.titles == expected.titles) << "the image titles differ";
}

void expect_sorted_and_unique(const EdgeTable& table) {
  EXPECT_TRUE(std::is_sorted(table.users.begin(), table.users.end()));
  EXPECT_TRUE(std::adjacent_find(table.users.begin(), table.users.end()) == table.users.end());
  EXPECT_TRUE(std::is_sorted(table.subreddits.begin(), table.subreddits.end()));
  for (std::size_t i = 1; i < table.interactions.size(); ++i) {
    const Interaction& a = table.interactions[i - 1];
    const Interaction& b = table.interactions[i];
    EXPECT_TRUE(a.user < b.user || (a.user == b.user && a.subreddit < b.subreddit));
  }
}

void expect_report_matches(const IngestReport& report, const Aggregation& expected) {
  EXPECT_EQ(report.records_read, expected.records);
  EXPECT_EQ(report.records_kept, expected.kept);
  EXPECT_EQ(report.dropped_by_filter.at("author"), expected.dropped_author);
  EXPECT_EQ(report.dropped_by_filter.at("bot"), expected.dropped_bot);
  EXPECT_EQ(report.dropped_by_filter.at("date"), expected.dropped_date);
  EXPECT_EQ(report.image_posts, expected.image_posts);
  EXPECT_EQ(report.image_posts_over_18, expected.image_posts_over_18);
  std::int64_t malformed = 0;
  for (int r = 0; r < kNumMalformedReasons; ++r) {
    const char* name = malformed_reason_name(static_cast<MalformedReason>(r));
    const auto it = report.malformed_by_reason.find(name);
    EXPECT_EQ(it == report.malformed_by_reason.end() ? 0 : it->second, expected.malformed[r])
        << name;
    malformed += expected.malformed[r];
  }
  EXPECT_EQ(report.malformed, malformed);
}

TEST_F(PushshiftIngest, MatchesAnIndependentAggregation) {
  const std::vector<Dump> dumps = write_dumps(0.02);
  PushshiftOptions options = base_options();
  options.date_begin = k2016;
  options.date_end = k2017;
  options.min_user_interactions = 3;
  options.min_subreddit_interactions = 4;
  options.max_titles_per_user = 2;
  IngestReport report;
  const EdgeTable table = ingest_pushshift(Communicator::world(), options, &report);
  const Aggregation expected =
      testing::reference_aggregate(lines_of(dumps), options, testing::kGeneratedBots);
  ASSERT_GT(expected.edges.size(), 10u);
  ASSERT_GT(expected.titles.size(), 3u);
  expect_report_matches(report, expected);
  if (Communicator::world().rank() == 0) {
    expect_sorted_and_unique(table);
    expect_same_aggregation(testing::from_table(table), expected);
    EXPECT_EQ(static_cast<std::int64_t>(table.users.size()), report.users_kept);
    EXPECT_EQ(static_cast<std::int64_t>(table.subreddits.size()), report.subreddits_kept);
    EXPECT_EQ(static_cast<std::int64_t>(table.interactions.size()), report.pairs);
  } else {
    EXPECT_TRUE(table.users.empty() && table.interactions.empty());
  }
}

// Each filter alone against the reference, and the property it promises on the table.
TEST_F(PushshiftIngest, EveryFilterAlone) {
  const std::vector<Dump> dumps = write_dumps(0.0);
  const auto lines = lines_of(dumps);
  const int rank = Communicator::world().rank();
  const auto check = [&](const PushshiftOptions& options, const std::vector<std::string>& bots,
                         const char* what) {
    SCOPED_TRACE(what);
    IngestReport report;
    const EdgeTable table = ingest_pushshift(Communicator::world(), options, &report);
    const Aggregation expected = testing::reference_aggregate(lines, options, bots);
    expect_report_matches(report, expected);
    if (rank == 0) expect_same_aggregation(testing::from_table(table), expected);
    return std::make_pair(table, report);
  };

  PushshiftOptions none = base_options();
  none.drop_authors = {};
  none.bot_list = "";
  const auto [all, all_report] = check(none, {}, "no filter");
  EXPECT_EQ(all_report.records_kept, all_report.records_read);
  if (rank == 0) {
    EXPECT_TRUE(std::binary_search(all.users.begin(), all.users.end(), "[deleted]"));
    EXPECT_TRUE(std::binary_search(all.users.begin(), all.users.end(), "AutoModerator"));
    EXPECT_TRUE(std::binary_search(all.users.begin(), all.users.end(), "RemindMeBot"));
  }

  PushshiftOptions authors = none;
  authors.drop_authors = {"[deleted]", "AutoModerator"};
  const auto [no_authors, authors_report] = check(authors, {}, "authors");
  EXPECT_GT(authors_report.dropped_by_filter.at("author"), 0);
  if (rank == 0) {
    EXPECT_FALSE(std::binary_search(no_authors.users.begin(), no_authors.users.end(), "[deleted]"));
    EXPECT_FALSE(
        std::binary_search(no_authors.users.begin(), no_authors.users.end(), "AutoModerator"));
  }

  PushshiftOptions bots = none;
  bots.bot_list = path("bots.txt");
  const auto [no_bots, bots_report] = check(bots, testing::kGeneratedBots, "bots");
  EXPECT_GT(bots_report.dropped_by_filter.at("bot"), 0);
  if (rank == 0) {
    for (const std::string& bot : testing::kGeneratedBots) {
      EXPECT_FALSE(std::binary_search(no_bots.users.begin(), no_bots.users.end(), bot)) << bot;
    }
  }

  PushshiftOptions dates = none;
  dates.date_begin = k2016;
  const auto [after, after_report] = check(dates, {}, "date begin");
  dates.date_begin.reset();
  dates.date_end = k2016;
  const auto [before, before_report] = check(dates, {}, "date end");
  EXPECT_EQ(after_report.records_kept + before_report.records_kept, all_report.records_kept);

  // Minimums at the median user and subreddit totals, so each drops about half.
  std::vector<std::int64_t> user_totals_all;
  std::map<std::string, std::int64_t> subreddit_totals_all;
  for (const auto& [user, subreddits] : testing::reference_aggregate(lines, none, {}).edges) {
    user_totals_all.push_back(0);
    for (const auto& [subreddit, counts] : subreddits) {
      user_totals_all.back() += counts.first + counts.second;
      subreddit_totals_all[subreddit] += counts.first + counts.second;
    }
  }
  std::vector<std::int64_t> subreddit_totals_sorted;
  for (const auto& [subreddit, total] : subreddit_totals_all) {
    subreddit_totals_sorted.push_back(total);
  }
  std::sort(user_totals_all.begin(), user_totals_all.end());
  std::sort(subreddit_totals_sorted.begin(), subreddit_totals_sorted.end());
  const std::int64_t min_user = user_totals_all[user_totals_all.size() / 2];
  const std::int64_t min_subreddit = subreddit_totals_sorted[subreddit_totals_sorted.size() / 2];

  PushshiftOptions users = none;
  users.min_user_interactions = min_user;
  const auto [active, users_report] = check(users, {}, "user minimum");
  EXPECT_GT(users_report.users_dropped_min, 0);
  PushshiftOptions subreddits = none;
  subreddits.min_subreddit_interactions = min_subreddit;
  const auto [big, subreddits_report] = check(subreddits, {}, "subreddit minimum");
  EXPECT_GT(subreddits_report.subreddits_dropped_min, 0);
  if (rank == 0) {
    std::map<std::int64_t, std::int64_t> user_totals;
    for (const Interaction& edge : active.interactions) {
      user_totals[edge.user] += edge.posts + edge.comments;
    }
    for (const auto& [user, total] : user_totals) EXPECT_GE(total, min_user);
    std::map<std::int64_t, std::int64_t> subreddit_totals;
    for (const Interaction& edge : big.interactions) {
      subreddit_totals[edge.subreddit] += edge.posts + edge.comments;
    }
    for (const auto& [subreddit, total] : subreddit_totals) EXPECT_GE(total, min_subreddit);
    EXPECT_EQ(subreddit_totals.size(), big.subreddits.size());
  }

  PushshiftOptions titles = none;
  titles.max_titles_per_user = 1;
  const auto [capped, capped_report] = check(titles, {}, "title cap");
  if (rank == 0) {
    for (const auto& [user, list] : capped.image_titles) EXPECT_EQ(list.size(), 1u);
  }
  EXPECT_GT(capped_report.image_posts_over_18, 0);
}

// The result does not depend on the number of ranks or on how plain files are split.
TEST_F(PushshiftIngest, SameTableAsOneRank) {
  write_dumps(0.01);
  const Communicator world = Communicator::world();
  const Communicator self = world.split(world.rank(), 0);
  PushshiftOptions options = base_options();
  options.min_user_interactions = 2;
  options.min_subreddit_interactions = 3;
  const EdgeTable parallel = ingest_pushshift(world, options, nullptr);
  options.split_bytes = std::uint64_t{1} << 40;  // one piece per file
  const EdgeTable serial =
      world.rank() == 0 ? ingest_pushshift(self, options, nullptr) : EdgeTable{};
  if (world.rank() != 0) return;
  ASSERT_FALSE(serial.users.empty());
  EXPECT_EQ(parallel.users, serial.users);
  EXPECT_EQ(parallel.subreddits, serial.subreddits);
  ASSERT_EQ(parallel.interactions.size(), serial.interactions.size());
  for (std::size_t i = 0; i < serial.interactions.size(); ++i) {
    const Interaction& a = parallel.interactions[i];
    const Interaction& b = serial.interactions[i];
    EXPECT_TRUE(a.user == b.user && a.subreddit == b.subreddit && a.posts == b.posts &&
                a.comments == b.comments)
        << "interaction " << i;
  }
  EXPECT_EQ(parallel.image_titles, serial.image_titles);
}

TEST_F(PushshiftIngest, CountsMalformedRecordsByReasonPerFile) {
  const std::vector<Dump> dumps = write_dumps(0.03);
  IngestReport report;
  ingest_pushshift(Communicator::world(), base_options(), &report);
  std::array<std::int64_t, kNumMalformedReasons> injected{};
  ASSERT_EQ(report.files.size(), 3u);
  for (std::size_t f = 0; f < dumps.size(); ++f) {
    std::int64_t in_file = 0;
    for (int r = 0; r < kNumMalformedReasons; ++r) {
      injected[r] += dumps[f].malformed[r];
      in_file += dumps[f].malformed[r];
    }
    EXPECT_EQ(report.files[f].malformed, in_file) << report.files[f].path;
    ASSERT_FALSE(dumps[f].malformed_lines.empty());
    // The decompressed offset of the first malformed line.
    std::int64_t offset = 0;
    for (std::size_t i = 0; i < dumps[f].malformed_lines.front(); ++i) {
      offset += static_cast<std::int64_t>(dumps[f].lines[i].size() + 1);
    }
    EXPECT_EQ(report.files[f].first_malformed_offset, offset) << report.files[f].path;
    EXPECT_EQ(report.files[f].bytes,
              static_cast<std::int64_t>(testing::joined(dumps[f].lines).size()));
  }
  for (int r = 0; r < kNumMalformedReasons; ++r) {
    EXPECT_GT(injected[r], 0) << "the dump should hold every kind of fault";
    EXPECT_EQ(report.malformed_by_reason[malformed_reason_name(static_cast<MalformedReason>(r))],
              injected[r]);
  }
  const std::string summary = report.summary();
  EXPECT_NE(summary.find("invalid_json " + std::to_string(injected[0])), std::string::npos)
      << summary;
  EXPECT_NE(summary.find(path("RS_2.ndjson.gz")), std::string::npos) << summary;
}

TEST_F(PushshiftIngest, ErrorRateLimitFailsTheJobButKeepsTheResult) {
  const std::vector<Dump> dumps = write_dumps(0.03);
  PushshiftOptions options = base_options();
  options.max_malformed_fraction = 0.01;
  IngestReport report;
  try {
    ingest_pushshift(Communicator::world(), options, &report);
    FAIL() << "expected PushshiftIngestError";
  } catch (const PushshiftIngestError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("max_malformed_fraction = 0.01"), std::string::npos) << message;
    EXPECT_NE(message.find(path("RC_1.ndjson")), std::string::npos) << message;
    EXPECT_EQ(error.report().malformed, report.malformed);
    EXPECT_GT(report.malformed, 0);
    const Aggregation expected =
        testing::reference_aggregate(lines_of(dumps), options, testing::kGeneratedBots);
    if (Communicator::world().rank() == 0) {
      expect_same_aggregation(testing::from_table(error.partial_table()), expected);
    }
  }
  options.max_malformed_fraction = 0.1;
  EXPECT_NO_THROW(ingest_pushshift(Communicator::world(), options, nullptr));
}

// A truncated or corrupt file fails the job naming it and the offset; the other files and the
// truncated file's records before the fault are all in the partial table.
TEST_F(PushshiftIngest, TruncatedAndCorruptInputFailNamingFileAndOffset) {
  const std::vector<Dump> dumps = write_dumps(0.0);
  const std::string zst = testing::read_file(path("RC_3.zst"));
  const std::string gz = testing::read_file(path("RS_2.ndjson.gz"));
  on_rank0([&] {
    testing::write_plain(path("cut.zst"), zst.substr(0, zst.size() * 2 / 3));
    testing::write_plain(path("cut.gz"), gz.substr(0, gz.size() / 2));
    std::string bad = zst;
    // In the second frame, so the first one decodes before the fault.
    for (std::size_t i = bad.size() * 5 / 6; i < bad.size() * 5 / 6 + 300; ++i) bad[i] = '\x5a';
    testing::write_plain(path("bad.zst"), bad);
  });
  struct Case {
    const char* file;
    std::size_t dump;
    const char* what;
  };
  for (const Case& c :
       {Case{"cut.zst", 2, "truncated zstd input"}, Case{"cut.gz", 1, "truncated gzip input"},
        Case{"bad.zst", 2, "corrupt zstd input"}}) {
    SCOPED_TRACE(c.file);
    PushshiftOptions options = base_options();
    options.inputs = {path("RC_1.ndjson"), path(c.file)};
    try {
      ingest_pushshift(Communicator::world(), options, nullptr);
      ADD_FAILURE() << "expected PushshiftIngestError";
    } catch (const PushshiftIngestError& error) {
      const std::string message = error.what();
      EXPECT_NE(
          message.find(std::string(c.what) + " '" + path(c.file) + "' at compressed byte offset"),
          std::string::npos)
          << message;
      const IngestReport& report = error.report();
      EXPECT_TRUE(report.files[0].error.empty());
      EXPECT_FALSE(report.files[1].error.empty());
      EXPECT_EQ(report.files[0].records,
                static_cast<std::int64_t>(dumps[0].lines.size()) -
                    std::count(dumps[0].lines.begin(), dumps[0].lines.end(), "") -
                    std::count(dumps[0].lines.begin(), dumps[0].lines.end(), "  \t"));
      // The records read before the fault: a prefix of the file's records.
      const std::int64_t read = report.files[1].records;
      EXPECT_GT(read, 0);
      std::vector<std::string> prefix;
      std::int64_t records = 0;
      for (const std::string& line : dumps[c.dump].lines) {
        if (records == read) break;
        prefix.push_back(line);
        if (line.find_first_not_of(" \t") != std::string::npos) ++records;
      }
      const Aggregation expected =
          testing::reference_aggregate({dumps[0].lines, prefix}, options, testing::kGeneratedBots);
      expect_report_matches(report, expected);
      if (Communicator::world().rank() == 0) {
        expect_same_aggregation(testing::from_table(error.partial_table()), expected);
      }
    }
  }
}

TEST_F(PushshiftIngest, MissingFilesAndBadOptionsFailOnEveryRank) {
  write_dumps(0.0);
  PushshiftOptions options = base_options();
  options.inputs.push_back(path("missing.zst"));
  EXPECT_THROW(ingest_pushshift(Communicator::world(), options, nullptr), core::IoError);
  options = base_options();
  options.bot_list = path("no_bots.txt");
  EXPECT_THROW(ingest_pushshift(Communicator::world(), options, nullptr), core::IoError);
  options = base_options();
  options.date_begin = k2017;
  options.date_end = k2016;
  EXPECT_THROW(ingest_pushshift(Communicator::world(), options, nullptr), core::ConfigError);
  options = base_options();
  options.inputs.clear();
  EXPECT_THROW(ingest_pushshift(Communicator::world(), options, nullptr), core::ConfigError);
}

}  // namespace
}  // namespace zipp::graph
