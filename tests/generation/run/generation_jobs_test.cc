// jobs.jsonl as zipp generate reads it: the fields, every error naming the file, line and key,
// the methods/max_jobs selection, and the job -> rank sharding (stable, order-free, balanced).
#include "generation/run/generation_jobs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;

fs::path write_jobs(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("zipp_jobs_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return dir / name;
}

std::string job_line(const std::string& user, int index, const std::string& method,
                     const std::string& extra = "") {
  return R"({"format_version": 1, "job": ")" + user + "/p" + std::to_string(index) + "/" + method +
         R"(", "user": ")" + user + R"(", "user_id": 3, "method": ")" + method +
         R"(", "prompt_index": )" + std::to_string(index) +
         R"(, "base_prompt": "a cat", "examples": 0, "prompt": "a cat, by )" + user +
         R"(", "seed": 12345)" + extra + "}\n";
}

// The InputError message for a file with these contents.
std::string error_of(const std::string& text) {
  try {
    read_generation_jobs(write_jobs("bad.jsonl", text));
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(GenerationJobs, ReadsEveryFieldInFileOrder) {
  const fs::path path = write_jobs(
      "jobs.jsonl", job_line("ann", 0, "no-persona") + "\n" + job_line("bob", 2, "zipp-kshot"));
  const auto jobs = read_generation_jobs(path);
  ASSERT_EQ(jobs.size(), 2U);
  EXPECT_EQ(jobs[0].id, "ann/p0/no-persona");
  EXPECT_EQ(jobs[1].user, "bob");
  EXPECT_EQ(jobs[1].method, "zipp-kshot");
  EXPECT_EQ(jobs[1].prompt_index, 2);
  EXPECT_EQ(jobs[1].prompt, "a cat, by bob");
  EXPECT_EQ(jobs[1].base_prompt, "a cat");
  EXPECT_EQ(jobs[1].seed, 12345U);
  EXPECT_EQ(jobs[1].user_id, 3);
  EXPECT_EQ(jobs[1].line, 3);  // the blank line counts
}

TEST(GenerationJobs, ErrorsNameTheFileLineAndKey) {
  const std::string good = job_line("ann", 0, "no-persona");
  const std::string e1 = error_of(good + R"({"format_version": 2, "job": "x"})"
                                         "\n");
  EXPECT_NE(e1.find("bad.jsonl:2: key 'format_version': expected 1, found 2"), std::string::npos)
      << e1;
  std::string no_prompt = job_line("bob", 1, "zipp-0shot");
  no_prompt.replace(no_prompt.find("\"prompt\":"), 9, "\"promt\":");
  const std::string e3 = error_of(good + no_prompt);
  EXPECT_NE(e3.find("bad.jsonl:2: key 'prompt': missing"), std::string::npos) << e3;
  std::string bad_seed = job_line("bob", 1, "zipp-0shot");
  bad_seed.replace(bad_seed.find("12345"), 5, "-4");
  const std::string e4 = error_of(bad_seed);
  EXPECT_NE(e4.find("bad.jsonl:1: key 'seed': expected an integer in [0, 2^53), found -4"),
            std::string::npos)
      << e4;
  std::string text_index = job_line("bob", 1, "zipp-0shot");
  text_index.replace(text_index.find("\"prompt_index\": 1"), 17, "\"prompt_index\": \"1\"");
  const std::string e5 = error_of(text_index);
  EXPECT_NE(e5.find("key 'prompt_index': expected an integer, found \"1\""), std::string::npos)
      << e5;
  const std::string e6 = error_of(good + "{not json\n");
  EXPECT_NE(e6.find("bad.jsonl:2: not a JSON object"), std::string::npos) << e6;
  const std::string e7 = error_of("[1, 2]\n");
  EXPECT_NE(e7.find("bad.jsonl:1: expected a JSON object, found array"), std::string::npos) << e7;
  std::string empty_user = job_line("", 1, "zipp-0shot");
  const std::string e8 = error_of(empty_user);
  EXPECT_NE(e8.find("key 'user': expected a non-empty string"), std::string::npos) << e8;
}

TEST(GenerationJobs, DuplicateJobsAreRefusedNamingBothLines) {
  const std::string good = job_line("ann", 0, "no-persona");
  const std::string e1 = error_of(good + job_line("bob", 0, "no-persona") + good);
  EXPECT_NE(e1.find("bad.jsonl:3: key 'job': 'ann/p0/no-persona' already on line 1"),
            std::string::npos)
      << e1;
  // Another id for the same image.
  std::string same_image = good;
  same_image.replace(same_image.find("ann/p0/no-persona"), 17, "ann/p0/other-id!!");
  const std::string e2 = error_of(good + same_image);
  EXPECT_NE(
      e2.find("bad.jsonl:2: user 'ann', prompt_index 0, method 'no-persona' already on line 1"),
      std::string::npos)
      << e2;
}

TEST(GenerationJobs, AMissingFileIsAnIoError) {
  EXPECT_THROW(read_generation_jobs("/nonexistent/jobs.jsonl"), core::IoError);
}

TEST(GenerationJobs, SelectsMethodsThenTheFirstJobs) {
  std::vector<GenerationJob> jobs;
  for (int i = 0; i < 6; ++i) {
    GenerationJob j;
    j.id = std::to_string(i);
    j.method = i % 2 == 0 ? "no-persona" : "zipp-kshot";
    jobs.push_back(j);
  }
  EXPECT_EQ(select_jobs(jobs, {}, 0).size(), 6U);
  const auto kshot = select_jobs(jobs, {"zipp-kshot"}, 2);
  ASSERT_EQ(kshot.size(), 2U);
  EXPECT_EQ(kshot[0].id, "1");
  EXPECT_EQ(kshot[1].id, "3");
  EXPECT_EQ(select_jobs(jobs, {}, 4).back().id, "3");
}

TEST(GenerationJobs, ShardingIsEvenAndDoesNotDependOnTheFileOrder) {
  std::vector<GenerationJob> jobs;
  for (int u = 0; u < 50; ++u) {
    for (const char* m : {"no-persona", "zipp-0shot", "zipp-kshot"}) {
      GenerationJob job;
      job.id = "user_" + std::to_string(u) + "/p" + std::to_string(u % 7) + "/" + m;
      jobs.push_back(job);
    }
  }
  std::vector<GenerationJob> reversed(jobs.rbegin(), jobs.rend());
  const auto all = [](std::size_t n) {
    std::vector<std::int64_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(i);
    return v;
  };
  for (const int ranks : {1, 2, 3, 4}) {
    std::map<std::string, int> owner;
    std::map<std::string, int> owner_reversed;
    for (int r = 0; r < ranks; ++r) {
      const auto mine = shard_jobs(jobs, all(jobs.size()), r, ranks);
      // Even: 150 jobs over `ranks` differ by at most one; in file order.
      EXPECT_LE(std::abs(static_cast<int>(mine.size()) * ranks - 150), ranks) << ranks;
      EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
      for (const auto i : mine) {
        EXPECT_TRUE(owner.emplace(jobs[static_cast<std::size_t>(i)].id, r).second);
      }
      for (const auto i : shard_jobs(reversed, all(reversed.size()), r, ranks)) {
        owner_reversed[reversed[static_cast<std::size_t>(i)].id] = r;
      }
    }
    EXPECT_EQ(owner.size(), jobs.size());  // every job exactly once
    EXPECT_EQ(owner, owner_reversed);      // the same rank whatever the file order
  }
  // A subset (the images left to draw) is dealt evenly again.
  const std::vector<std::int64_t> subset = {3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(shard_jobs(jobs, subset, 0, 2).size() + shard_jobs(jobs, subset, 1, 2).size(), 9U);
  EXPECT_GE(shard_jobs(jobs, subset, 1, 2).size(), 4U);
  // Pinned: the hash is part of the documented sharding, so it must not drift.
  EXPECT_EQ(job_hash("ann/p1/zipp-0shot") % 4, 1U);
  EXPECT_EQ(job_hash("Quiet_Otter_7/p3/zipp-kshot") % 4, 2U);
}

}  // namespace
}  // namespace zipp::generation
