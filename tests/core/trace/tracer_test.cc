#include "core/trace/tracer.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/str.h"
#include "core/trace/merge.h"

namespace zipp::core::trace {
namespace {

using Json = nlohmann::json;

class TracerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Tracer::instance().disable();
    Tracer::instance().clear();
  }
  void TearDown() override {
    Tracer::instance().disable();
    Tracer::instance().clear();
  }

  static Json parsed() { return Json::parse(Tracer::instance().to_json()); }

  static std::vector<Json> events_with(const Json& trace, const std::string& ph) {
    std::vector<Json> out;
    for (const Json& event : trace["traceEvents"]) {
      if (event["ph"] == ph) out.push_back(event);
    }
    return out;
  }
};

TEST_F(TracerTest, DisabledTracerRecordsNothing) {
  ASSERT_FALSE(tracing_enabled());
  {
    ZIPP_TRACE_SCOPE("forward", kCompute);
    Tracer::instance().counter("queue_depth", 3);
  }
  EXPECT_EQ(Tracer::instance().event_count(), 0u);
  EXPECT_TRUE(events_with(parsed(), "X").empty());
}

TEST_F(TracerTest, ScopesOnTwoThreadsMakeCompleteEventsWithNamedThreads) {
  Tracer::instance().enable(3);
  Tracer::instance().set_thread_name("main");
  std::thread sampler([] {
    Tracer::instance().set_thread_name("sampler 0");
    ZIPP_TRACE_SCOPE("sample", kSampling);
  });
  { ZIPP_TRACE_SCOPE("forward", kCompute); }
  sampler.join();

  const Json trace = parsed();
  EXPECT_EQ(trace["displayTimeUnit"], "ms");
  EXPECT_EQ(trace["otherData"]["rank"], 3);
  std::map<std::string, Json> by_name;
  for (const Json& event : events_with(trace, "X")) {
    EXPECT_EQ(event["pid"], 3);
    EXPECT_TRUE(event["ts"].is_number());
    EXPECT_GE(event["dur"].get<double>(), 0.0);
    by_name[event["name"]] = event;
  }
  ASSERT_EQ(by_name.size(), 2u);
  EXPECT_EQ(by_name["forward"]["cat"], "compute");
  EXPECT_EQ(by_name["sample"]["cat"], "sampling");
  const int main_tid = by_name["forward"]["tid"];
  const int sampler_tid = by_name["sample"]["tid"];
  EXPECT_NE(main_tid, sampler_tid);

  std::map<int, std::string> thread_names;
  std::string process_name;
  for (const Json& meta : events_with(trace, "M")) {
    EXPECT_EQ(meta["pid"], 3);
    if (meta["name"] == "thread_name") thread_names[meta["tid"]] = meta["args"]["name"];
    if (meta["name"] == "process_name") process_name = meta["args"]["name"];
  }
  EXPECT_EQ(thread_names[main_tid], "main");
  EXPECT_EQ(thread_names[sampler_tid], "sampler 0");
  EXPECT_EQ(process_name, "rank 3");
}

TEST_F(TracerTest, NestedScopeLiesInsideItsParent) {
  Tracer::instance().enable(0);
  {
    ZIPP_TRACE_SCOPE("step", kOther);
    ZIPP_TRACE_SCOPE(str("layer ", 2), kCompute);  // a temporary name must outlive its scope
  }
  std::map<std::string, Json> by_name;
  for (const Json& event : events_with(parsed(), "X")) by_name[event["name"]] = event;
  ASSERT_EQ(by_name.count("layer 2"), 1u);
  const double outer_start = by_name["step"]["ts"];
  const double inner_start = by_name["layer 2"]["ts"];
  EXPECT_LE(outer_start, inner_start);
  EXPECT_LE(inner_start + by_name["layer 2"]["dur"].get<double>(),
            outer_start + by_name["step"]["dur"].get<double>());
}

TEST_F(TracerTest, NamesAreEscaped) {
  Tracer::instance().enable(1);
  const std::string name = "say \"hi\"\\\n\t\x01 end";
  Tracer::instance().complete(name, Category::kIo, 1.5, 2.25);
  const std::vector<Json> events = events_with(parsed(), "X");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["name"], name);
  EXPECT_EQ(events[0]["cat"], "io");
  EXPECT_DOUBLE_EQ(events[0]["ts"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(events[0]["dur"].get<double>(), 2.25);
}

TEST_F(TracerTest, CounterIsRecorded) {
  Tracer::instance().enable(2);
  Tracer::instance().counter("queue_depth", 7.5);
  const std::vector<Json> counters = events_with(parsed(), "C");
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0]["name"], "queue_depth");
  EXPECT_DOUBLE_EQ(counters[0]["args"]["value"].get<double>(), 7.5);
  EXPECT_EQ(counters[0]["pid"], 2);
}

TEST_F(TracerTest, ConcurrentThreadsLoseNoEvents) {
  Tracer::instance().enable(0);
  constexpr int kThreads = 4;
  constexpr int kScopes = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < kScopes; ++i) {
        ZIPP_TRACE_SCOPE("work", kCompute);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(Tracer::instance().event_count(), static_cast<std::size_t>(kThreads * kScopes));
  std::set<int> tids;
  for (const Json& event : events_with(parsed(), "X")) tids.insert(event["tid"].get<int>());
  EXPECT_EQ(tids.size(), static_cast<std::size_t>(kThreads));
}

TEST_F(TracerTest, WriteSavesTheTraceToAFile) {
  Tracer::instance().enable(5);
  Tracer::instance().complete("save", Category::kIo, 10, 20);
  const auto dir = std::filesystem::temp_directory_path() / str("zipp_tracer_test_", ::getpid());
  std::filesystem::create_directories(dir);
  const auto path = dir / "trace-rank5.json";
  Tracer::instance().write(path);
  std::ifstream in(path);
  const Json trace = Json::parse(in);
  EXPECT_EQ(trace["otherData"]["rank"], 5);
  EXPECT_EQ(events_with(trace, "X").size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir / str("trace-rank5.json.tmp.", ::getpid())));
  std::filesystem::remove_all(dir);
}

TEST_F(TracerTest, WrittenRankFilesMerge) {
  const auto dir = std::filesystem::temp_directory_path() / str("zipp_tracer_merge_", ::getpid());
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> files;
  for (int rank = 0; rank < 2; ++rank) {
    Tracer::instance().clear();
    Tracer::instance().enable(rank);
    Tracer::instance().complete("forward", Category::kCompute, 100, 1000.0 * (rank + 1));
    files.push_back(dir / str("trace-rank", rank, ".json"));
    Tracer::instance().write(files.back());
  }
  const MergeResult result = merge_traces(files, dir / "merged.json");
  EXPECT_EQ(result.ranks, (std::vector<int>{0, 1}));
  ASSERT_EQ(result.phases.size(), 1u);
  EXPECT_DOUBLE_EQ(result.phases[0].min_ms, 1.0);
  EXPECT_DOUBLE_EQ(result.phases[0].median_ms, 1.5);
  EXPECT_DOUBLE_EQ(result.phases[0].max_ms, 2.0);
  EXPECT_EQ(result.phases[0].max_rank, 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zipp::core::trace
