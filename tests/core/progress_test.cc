#include "core/progress.h"

#include <gtest/gtest.h>

#include "core/log.h"

namespace zipp::core {
namespace {

TEST(ProgressFormat, HumanNumbersKeepThreeSignificantDigits) {
  EXPECT_EQ(format_human(0), "0");
  EXPECT_EQ(format_human(0.5), "0.50");
  EXPECT_EQ(format_human(35.26), "35.3");
  EXPECT_EQ(format_human(350), "350");
  EXPECT_EQ(format_human(999.4), "999");
  EXPECT_EQ(format_human(999.6), "1.00k");  // not "1000"
  EXPECT_EQ(format_human(9.996), "10.0");
  EXPECT_EQ(format_human(350'000), "350k");
  EXPECT_EQ(format_human(1'200'000), "1.20M");
  EXPECT_EQ(format_human(23'456'789'012.0), "23.5G");
  EXPECT_EQ(format_human(-1500), "-1.50k");
}

TEST(ProgressFormat, CountsAreExactBelowAThousand) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1.00k");
  EXPECT_EQ(format_count(5'000'000), "5.00M");
}

TEST(ProgressFormat, Durations) {
  EXPECT_EQ(format_duration(0.42), "0.4s");
  EXPECT_EQ(format_duration(11.2), "11s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(7380), "2h03m");
  EXPECT_EQ(format_duration(100'800), "1d04h");
  EXPECT_EQ(format_duration(-1), "?");
}

TEST(ProgressFormat, EtaNeedsATotalAndARate) {
  EXPECT_DOUBLE_EQ(*eta_seconds(1'200'000, 5'000'000, 380'000), 10.0);
  EXPECT_DOUBLE_EQ(*eta_seconds(7, 5, 1), 0.0);  // past the total: nothing left
  EXPECT_FALSE(eta_seconds(10, 0, 5).has_value());
  EXPECT_FALSE(eta_seconds(10, 100, 0).has_value());
}

TEST(ProgressFormat, LogLine) {
  EXPECT_EQ(format_progress_line("ingest", "records", {1'200'000, 5'000'000, 350'000, 3.4}),
            "ingest: 1.20M/5.00M records (24.0%), 350k records/s, ETA 11s");
  EXPECT_EQ(format_progress_line("ingest", "records", {1'200'000, 0, 350'000, 3.4}),
            "ingest: 1.20M records, 350k records/s");
  EXPECT_EQ(format_progress_line("embed", "users", {0, 40, 0, 0.1}), "embed: 0/40 users (0.0%)");
}

TEST(ProgressFormat, Bar) {
  EXPECT_EQ(format_progress_bar("ingest", "records", {1'250'000, 5'000'000, 350'000, 3.4}, 8),
            "ingest [##------]  25.0% 1.25M/5.00M records, 350k records/s, ETA 11s");
  EXPECT_EQ(format_progress_bar("ingest", "records", {6, 5, 0, 1}, 4),
            "ingest [####] 120.0% 6/5 records");
  EXPECT_EQ(format_progress_bar("ingest", "records", {1'200'000, 0, 350'000, 3.4}, 8),
            "ingest 1.20M records, 350k records/s, elapsed 3.4s");
}

TEST(ProgressFormat, DoneLine) {
  EXPECT_EQ(format_progress_done("ingest", "records", {5'000'000, 5'000'000, 0, 14}),
            "ingest: done, 5.00M records in 14s, 357k records/s");
  EXPECT_EQ(format_progress_done("ingest", "records", {4'900'000, 5'000'000, 0, 14}),
            "ingest: done, 4.90M/5.00M records in 14s, 350k records/s");
  EXPECT_EQ(format_progress_done("scan", "files", {3, 0, 0, 0}), "scan: done, 3 files in 0.0s");
}

class ProgressTest : public ::testing::Test {
 protected:
  void SetUp() override { set_log_level(LogLevel::kInfo); }
  void TearDown() override { set_log_rank(0); }
};

TEST_F(ProgressTest, LogModeWritesLinesAndAFinalSummary) {
  ProgressOptions options;
  options.unit = "records";
  options.interval_s = 0;  // report at every clock check
  options.display = ProgressDisplay::kLog;
  ::testing::internal::CaptureStderr();
  {
    Progress progress("ingest", 10, options);
    EXPECT_EQ(progress.display(), ProgressDisplay::kLog);
    progress.advance(3);
    progress.advance(7);
    progress.finish();
    progress.finish();  // once only
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("ingest: 3/10 records (30.0%)"), std::string::npos) << err;
  EXPECT_NE(err.find("ingest: 10/10 records (100.0%)"), std::string::npos) << err;
  const auto done = err.find("ingest: done, 10 records in ");
  EXPECT_NE(done, std::string::npos) << err;
  EXPECT_EQ(err.find("ingest: done", done + 1), std::string::npos) << err;
  EXPECT_EQ(err.find('\r'), std::string::npos) << err;
}

TEST_F(ProgressTest, BarModeRedrawsOneLineAndErasesIt) {
  ProgressOptions options;
  options.unit = "images";
  options.bar_interval_s = 0;
  options.display = ProgressDisplay::kBar;
  options.bar_width = 4;
  ::testing::internal::CaptureStderr();
  {
    Progress progress("generate", 4, options);
    progress.advance(2);
    progress.finish();
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("\rgenerate [##--]  50.0% 2/4 images"), std::string::npos) << err;
  EXPECT_NE(err.find("generate: done, 2/4 images in "), std::string::npos) << err;
}

TEST_F(ProgressTest, OtherRanksAndNoneShowNothing) {
  ProgressOptions options;
  options.interval_s = 0;
  options.display = ProgressDisplay::kNone;
  ::testing::internal::CaptureStderr();
  {
    Progress quiet("quiet", 5, options);
    quiet.advance(5);
    quiet.finish();
    EXPECT_EQ(quiet.done(), 5);
    set_log_rank(1);
    options.display = ProgressDisplay::kLog;
    Progress other_rank("other", 5, options);
    EXPECT_EQ(other_rank.display(), ProgressDisplay::kNone);
    other_rank.advance(5);
    other_rank.finish();
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace zipp::core
