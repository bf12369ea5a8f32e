// Generation jobs: the (persona, prompt, method) grid, ids, seeds shared by a (user, prompt),
// k-shot examples, rewritten prompts through the builtin backend, and the jobs.jsonl line.
#include "verbalize/run/rewrite_jobs.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "verbalize/llm/builtin_client.h"
#include "verbalize/prompts/rewrite_prompt.h"

namespace zipp::verbalize {
namespace {

TEST(RewriteJobs, MakesTheGridWithSharedSeedsAndRewritesIt) {
  Persona a;
  a.user = "A";
  a.user_id = 0;
  a.visual.palette = {"warm tones"};
  a.visual.style = {"light leaks"};
  Persona b = a;
  b.user = "B";
  b.user_id = 1;
  const std::vector<Persona> personas = {a, b};
  std::vector<Job> jobs =
      make_jobs(personas, {"a cat", "a dog"}, {"no-persona", "zipp-0shot", "zipp-kshot"},
                {{"A", {"my shot: a barn, double exposure", "x, y", "z, w"}}}, 2);
  ASSERT_EQ(jobs.size(), 12U);
  EXPECT_EQ(jobs[0].id, "A/p0/no-persona");
  EXPECT_EQ(jobs[5].id, "A/p1/zipp-kshot");
  EXPECT_EQ(jobs[0].seed, jobs[2].seed);
  EXPECT_NE(jobs[0].seed, jobs[3].seed);
  EXPECT_NE(jobs[0].seed, jobs[6].seed);
  EXPECT_EQ(jobs[0].seed, job_seed("A", 0));
  EXPECT_GE(jobs[0].seed, 0);
  EXPECT_LT(jobs[0].seed, std::int64_t{1} << 53);
  EXPECT_EQ(jobs[2].examples.size(), 2U);  // k = 2 of A's three
  EXPECT_TRUE(jobs[8].examples.empty());   // B has none

  const std::string dir = std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/";
  const auto roleplay = PromptTemplate::load(dir + "rewrite.md", rewrite_placeholders());
  const auto plain = PromptTemplate::load(dir + "rewrite-plain.md", plain_rewrite_placeholders());
  const auto cache_dir = std::filesystem::temp_directory_path() / "zipp_rewrite_jobs_test";
  std::filesystem::remove_all(cache_dir);
  RequestCache cache(cache_dir, "rewrite", 0);
  BuiltinClient client;
  const std::unordered_map<std::string, const Persona*> by_name = {{"A", &personas[0]},
                                                                   {"B", &personas[1]}};
  const RewrittenBatch out =
      rewrite_jobs(jobs, by_name, {&roleplay, &plain}, LlmConfig{}, client, cache);
  for (const auto& o : out.outcomes) EXPECT_TRUE(o.succeeded) << o.error;
  EXPECT_EQ(jobs[0].prompt, "a cat, detailed, balanced composition, natural light");
  EXPECT_EQ(jobs[1].prompt, "a cat, light leaks, warm tones");
  EXPECT_EQ(jobs[2].prompt, "a cat, light leaks, warm tones, double exposure, y");
  const auto line = nlohmann::json::parse(job_json(jobs[2]));
  EXPECT_EQ(line["job"], "A/p0/zipp-kshot");
  EXPECT_EQ(line["examples"], 2);
  EXPECT_EQ(line["seed"], jobs[2].seed);
  EXPECT_EQ(line["format_version"], 1);
  std::filesystem::remove_all(cache_dir);
}

}  // namespace
}  // namespace zipp::verbalize
