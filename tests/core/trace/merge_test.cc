#include "core/trace/merge.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/error.h"
#include "core/str.h"

namespace zipp::core::trace {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

Json complete(const std::string& name, const std::string& cat, double ts, double dur, int tid = 1) {
  return Json{{"name", name}, {"cat", cat}, {"ph", "X"}, {"ts", ts}, {"dur", dur}, {"tid", tid}};
}

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           str("zipp_merge_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path rank_file(int rank, Json events, std::int64_t epoch_unix_us) {
    for (Json& event : events) event["pid"] = rank;
    const Json trace{{"traceEvents", events},
                     {"displayTimeUnit", "ms"},
                     {"otherData", {{"rank", rank}, {"epoch_unix_us", epoch_unix_us}}}};
    return write(str("trace-rank", rank, ".json"), trace.dump());
  }

  // Three ranks, durations in microseconds chosen so every statistic is exact:
  //   forward (compute)        10, 20, 30 ms   step (other, encloses the rest) 20, 30, 0 ms
  //   allreduce (comm.)         4,  2,  0 ms   sample (sampling, own thread)    0,  0, 7 ms
  std::vector<fs::path> three_ranks() {
    const fs::path r0 =
        rank_file(0,
                  {complete("step", "other", 0, 20000), complete("forward", "compute", 1000, 10000),
                   complete("allreduce", "communication", 12000, 4000)},
                  1'000'000);
    const fs::path r1 =
        rank_file(1,
                  {{{"name", "thread_name"}, {"ph", "M"}, {"tid", 1}, {"args", {{"name", "main"}}}},
                   complete("step", "other", 0, 30000),
                   complete("forward", "compute", 0, 15000),
                   complete("forward", "compute", 16000, 5000),
                   complete("allreduce", "communication", 22000, 2000)},
                  1'000'500);
    const fs::path r2 = rank_file(
        2, {complete("forward", "compute", 0, 30000), complete("sample", "sampling", 0, 7000, 2)},
        1'000'000);
    return {r2, r0, r1};  // any order
  }

  fs::path dir_;
};

const PhaseStats& find(const std::vector<PhaseStats>& rows, const std::string& name) {
  for (const PhaseStats& row : rows) {
    if (row.name == name) return row;
  }
  throw std::runtime_error("no row " + name);
}

void expect_stats(const PhaseStats& s, std::int64_t calls, double min, double median, double max,
                  int max_rank) {
  SCOPED_TRACE(s.name);
  EXPECT_EQ(s.calls, calls);
  EXPECT_DOUBLE_EQ(s.min_ms, min);
  EXPECT_DOUBLE_EQ(s.median_ms, median);
  EXPECT_DOUBLE_EQ(s.max_ms, max);
  EXPECT_EQ(s.max_rank, max_rank);
}

TEST_F(MergeTest, PhaseStatisticsAcrossRanks) {
  const MergeResult result = merge_traces(three_ranks(), dir_ / "merged.json");
  EXPECT_EQ(result.ranks, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(result.phases.size(), 4u);
  // Largest max first; forward and step tie at 30 ms and go by name.
  EXPECT_EQ(result.phases[0].name, "forward");
  EXPECT_EQ(result.phases[1].name, "step");
  EXPECT_EQ(result.phases[2].name, "sample");
  EXPECT_EQ(result.phases[3].name, "allreduce");
  expect_stats(find(result.phases, "forward"), 4, 10, 20, 30, 2);
  EXPECT_EQ(find(result.phases, "forward").rank_ms, (std::vector<double>{10, 20, 30}));
  expect_stats(find(result.phases, "allreduce"), 2, 0, 2, 4, 0);
  expect_stats(find(result.phases, "step"), 2, 0, 20, 30, 1);
  expect_stats(find(result.phases, "sample"), 1, 0, 0, 7, 2);
  EXPECT_EQ(find(result.phases, "allreduce").category, "communication");
}

TEST_F(MergeTest, CategoriesCountNestedTimeOnce) {
  const MergeResult result = merge_traces(three_ranks(), dir_ / "merged.json");
  ASSERT_EQ(result.categories.size(), 4u);
  EXPECT_EQ(result.categories[0].category, "compute");
  EXPECT_EQ(result.categories[1].category, "communication");
  EXPECT_EQ(result.categories[2].category, "sampling");
  EXPECT_EQ(result.categories[3].category, "other");
  expect_stats(result.categories[0], 4, 10, 20, 30, 2);
  expect_stats(result.categories[1], 2, 0, 2, 4, 0);
  expect_stats(result.categories[2], 1, 0, 0, 7, 2);
  // step's self time: 20 - 10 - 4 = 6 ms on rank 0, 30 - 20 - 2 = 8 ms on rank 1.
  expect_stats(result.categories[3], 2, 0, 6, 8, 1);
}

TEST_F(MergeTest, MergedTraceKeepsRanksAsProcessesAndAlignsClocks) {
  const fs::path output = dir_ / "merged.json";
  const MergeResult result = merge_traces(three_ranks(), output);
  std::ifstream in(output);
  const Json merged = Json::parse(in);
  EXPECT_EQ(merged["displayTimeUnit"], "ms");
  EXPECT_EQ(merged["otherData"]["clocks_aligned"], true);
  EXPECT_EQ(merged["traceEvents"].size(), result.event_count);

  std::map<int, std::string> process_names;
  int complete_events = 0;
  bool thread_name_kept = false;
  std::map<int, double> step_start;
  for (const Json& event : merged["traceEvents"]) {
    if (event["ph"] == "M" && event["name"] == "process_name") {
      process_names[event["pid"]] = event["args"]["name"];
    }
    if (event["ph"] == "M" && event["name"] == "thread_name") {
      thread_name_kept = event["pid"] == 1 && event["args"]["name"] == "main";
    }
    if (event["ph"] != "X") continue;
    ++complete_events;
    // Rank 1's clock started 500 us after the others: its events move 500 us later.
    if (event["name"] == "step") {
      step_start[event["pid"]] = event["ts"];
    }
  }
  EXPECT_EQ(complete_events, 9);
  EXPECT_EQ(step_start, (std::map<int, double>{{0, 0.0}, {1, 500.0}}));
  EXPECT_TRUE(thread_name_kept);
  EXPECT_EQ(process_names,
            (std::map<int, std::string>{{0, "rank 0"}, {1, "rank 1"}, {2, "rank 2"}}));
}

TEST_F(MergeTest, RankComesFromPidWithoutOtherData) {
  const fs::path file = write("bare.json", R"({"traceEvents":[
    {"name":"forward","cat":"compute","ph":"X","ts":0,"dur":1500,"pid":7,"tid":1}]})");
  const MergeResult result = merge_traces({file}, dir_ / "merged.json");
  EXPECT_EQ(result.ranks, (std::vector<int>{7}));
  expect_stats(find(result.phases, "forward"), 1, 1.5, 1.5, 1.5, 7);
}

// Runs merge_traces and returns the InputError's message (empty if none was thrown).
std::string merge_error(const std::vector<fs::path>& files, const fs::path& output) {
  try {
    merge_traces(files, output);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_F(MergeTest, BadJsonNamesTheFile) {
  const fs::path bad = write("trace-rank1.json", R"({"traceEvents":[{"ph":"X",)");
  const std::string message = merge_error({bad}, dir_ / "merged.json");
  EXPECT_NE(message.find(bad.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_ / "merged.json"));
}

TEST_F(MergeTest, MissingTraceEventsNamesTheFile) {
  const fs::path bad = write("trace-rank0.json", R"({"events":[]})");
  const std::string message = merge_error({bad}, dir_ / "merged.json");
  EXPECT_NE(message.find(bad.string()), std::string::npos) << message;
  EXPECT_NE(message.find("traceEvents"), std::string::npos) << message;
}

TEST_F(MergeTest, MissingDurationNamesTheFileAndEvent) {
  const fs::path bad = write("trace-rank0.json", R"({"traceEvents":[
    {"name":"a","ph":"X","ts":0,"dur":5,"pid":0},
    {"name":"b","ph":"X","ts":9,"pid":0}], "otherData":{"rank":0}})");
  const std::string message = merge_error({bad}, dir_ / "merged.json");
  EXPECT_NE(message.find(bad.string()), std::string::npos) << message;
  EXPECT_NE(message.find("traceEvents[1]"), std::string::npos) << message;
  EXPECT_NE(message.find("\"dur\""), std::string::npos) << message;
}

TEST_F(MergeTest, MissingPhaseTypeNamesTheEvent) {
  const fs::path bad = write("trace-rank0.json", R"({"traceEvents":[{"name":"a","ts":0}],
    "otherData":{"rank":0}})");
  const std::string message = merge_error({bad}, dir_ / "merged.json");
  EXPECT_NE(message.find("traceEvents[0]"), std::string::npos) << message;
  EXPECT_NE(message.find("\"ph\""), std::string::npos) << message;
}

TEST_F(MergeTest, DuplicateRankNamesBothFiles) {
  const fs::path first = rank_file(0, {complete("a", "compute", 0, 1)}, 1);
  const fs::path second = write("copy.json", R"({"traceEvents":[], "otherData":{"rank":0}})");
  const std::string message = merge_error({first, second}, dir_ / "merged.json");
  EXPECT_NE(message.find("rank 0 appears twice"), std::string::npos) << message;
  EXPECT_NE(message.find(first.string()), std::string::npos) << message;
  EXPECT_NE(message.find(second.string()), std::string::npos) << message;
}

TEST_F(MergeTest, MissingFileIsAnIoError) {
  EXPECT_THROW(merge_traces({dir_ / "absent.json"}, dir_ / "merged.json"), IoError);
}

TEST(SummariseOverRanks, EvenRankCountTakesTheMeanOfTheMiddleTwo) {
  PhaseStats stats;
  stats.rank_ms = {1.0, 4.0, 2.0, 4.0};
  summarise_over_ranks(stats, {0, 1, 2, 3});
  EXPECT_DOUBLE_EQ(stats.min_ms, 1.0);
  EXPECT_DOUBLE_EQ(stats.median_ms, 3.0);
  EXPECT_DOUBLE_EQ(stats.max_ms, 4.0);
  EXPECT_EQ(stats.max_rank, 1);  // the lowest of the tied ranks
}

}  // namespace
}  // namespace zipp::core::trace
