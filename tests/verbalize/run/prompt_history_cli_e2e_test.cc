// `zipp graph history` in the quickstart's flow on a tiny synthetic world (graph synth, graph
// history, verbalize, rewrite with the builtin backend): the same history for the same seed;
// exactly the visual users have one, each prompt one of their own archetypes' image-post titles;
// zipp-kshot jobs then carry examples for visual users and differ from zipp-0shot for some; a
// graph without ground truth is refused.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "graph/graph_reader.h"
#include "graph/synth/posted_titles.h"
#include "graph/synth/truth_reader.h"
#include "graph/synth/world.h"
#include "tests/support/zipp_cli.h"

namespace zipp::verbalize {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

constexpr int kUsers = 400;

fs::path dir() { return fs::temp_directory_path() / "zipp_prompt_history_cli_test"; }

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> world_args(const std::string& seed = "20260601") {
  return {"--config",
          std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
          "run.seed=" + seed,
          "synth.users=" + std::to_string(kUsers),
          "synth.subreddits=120",
          "graph.feature_dim=16",
          "graph.path=" + (dir() / ("graph-" + seed + ".h5")).string(),
          "run.dir=" + (dir() / "run").string(),
          "trace.enabled=false",
          "verbalize.prompt=" + std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/verbalize.md",
          "llm.backend=builtin",
          "rewrite.max_users=0"};
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<nlohmann::json> read_jsonl(const fs::path& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

class PromptHistoryCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(dir());
    for (const char* seed : {"20260601", "7"}) {
      const auto made = run_zipp(with({"graph", "synth"}, world_args(seed)));
      ASSERT_EQ(made.exit_code(), 0) << made.output;
    }
  }

  static zipp::testing::ProcessResult history(const std::string& output,
                                              const std::string& seed = "20260601") {
    return run_zipp(
        with({"graph", "history", "--log-level", "info", "--output", (dir() / output).string()},
             world_args(seed)));
  }
};

TEST_F(PromptHistoryCli, SameSeedSameFileAnotherSeedAnother) {
  const auto a = history("a.jsonl");
  ASSERT_EQ(a.exit_code(), 0) << a.output;
  EXPECT_NE(a.output.find("graph history: users=400 with_history="), std::string::npos) << a.output;
  const auto b = history("b.jsonl");
  ASSERT_EQ(b.exit_code(), 0) << b.output;
  const auto c = history("c.jsonl", "7");
  ASSERT_EQ(c.exit_code(), 0) << c.output;
  EXPECT_FALSE(slurp(dir() / "a.jsonl").empty());
  EXPECT_EQ(slurp(dir() / "a.jsonl"), slurp(dir() / "b.jsonl"));
  EXPECT_NE(slurp(dir() / "a.jsonl"), slurp(dir() / "c.jsonl"));
}

TEST_F(PromptHistoryCli, VisualUsersGetTheirOwnArchetypesTitles) {
  const auto run = history("own.jsonl");
  ASSERT_EQ(run.exit_code(), 0) << run.output;
  const auto graph = graph::GraphReader::open(dir() / "graph-20260601.h5");
  const auto names = graph.user_names(0, kUsers);
  const auto truth = graph::synth::read_user_truth(graph.file(), 0, kUsers);
  std::map<std::string, std::int64_t> id_of;
  for (std::int64_t u = 0; u < kUsers; ++u) id_of[names[u]] = u;
  // Which archetypes' banks hold each title (/truth/archetypes/titles, archetype-major).
  const std::vector<std::string> bank = graph::synth::read_title_bank(graph.file());
  std::multimap<std::string, std::int64_t> archetype_of_title;
  for (std::size_t i = 0; i < bank.size(); ++i) {
    archetype_of_title.emplace(bank[i],
                               static_cast<std::int64_t>(i) / graph::synth::kTitlesPerArchetype);
  }
  std::map<std::int64_t, std::vector<std::string>> by_user;
  std::int64_t last = -1;
  for (const auto& line : read_jsonl(dir() / "own.jsonl")) {
    ASSERT_EQ(line.size(), 2U) << line.dump();
    const auto it = id_of.find(line["user"].get<std::string>());
    ASSERT_NE(it, id_of.end()) << line.dump();
    EXPECT_GE(it->second, last) << "users in id order";
    last = it->second;
    const std::int64_t u = it->second;
    const std::string prompt = line["prompt"].get<std::string>();
    bool own = false;
    const auto [first, past] = archetype_of_title.equal_range(prompt);
    for (auto t = first; t != past; ++t) {
      for (int j = 0; j < 3; ++j) own |= truth.archetypes[u * 3 + j] == t->second;
    }
    EXPECT_TRUE(own) << "user " << u << " (archetypes " << truth.archetypes[u * 3] << ", "
                     << truth.archetypes[u * 3 + 1] << ", " << truth.archetypes[u * 3 + 2]
                     << ") got " << prompt;
    by_user[u].push_back(prompt);
  }
  for (const auto& [u, prompts] : by_user) {
    EXPECT_LE(prompts.size(), 5U) << "user " << u;  // synth.max_titles
    for (std::size_t i = 0; i < prompts.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) EXPECT_NE(prompts[i], prompts[j]) << "user " << u;
    }
  }
  std::int64_t visual = 0;
  for (std::int64_t u = 0; u < kUsers; ++u) {
    visual += truth.visual[u];
    EXPECT_EQ(by_user.count(u), truth.visual[u]) << "user " << u;
  }
  EXPECT_GT(visual, kUsers / 6);
  EXPECT_NE(run.output.find("with_history=" + std::to_string(visual) + " "), std::string::npos)
      << run.output;
}

TEST_F(PromptHistoryCli, KShotJobsCarryTheHistoryAndDifferFromZeroShot) {
  const auto made = history("examples.jsonl");
  ASSERT_EQ(made.exit_code(), 0) << made.output;
  const auto personas =
      run_zipp(with({"verbalize"},
                    with(world_args(), {"verbalize.ranking=interactions",
                                        "verbalize.output=" + (dir() / "personas.jsonl").string(),
                                        "verbalize.cache=" + (dir() / "cache").string()})),
               2);
  ASSERT_EQ(personas.exit_code(), 0) << personas.output;
  const std::string templates = std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/";
  const auto rewrite =
      run_zipp(with({"rewrite", "--log-level", "info"},
                    with(world_args(), {"rewrite.personas=" + (dir() / "personas.jsonl").string(),
                                        "rewrite.prompts=" + templates + "base-prompts.txt",
                                        "rewrite.examples=" + (dir() / "examples.jsonl").string(),
                                        "rewrite.output=" + (dir() / "jobs.jsonl").string(),
                                        "rewrite.cache=" + (dir() / "cache").string(),
                                        "rewrite.prompt=" + templates + "rewrite.md",
                                        "rewrite.plain_prompt=" + templates + "rewrite-plain.md",
                                        "rewrite.k=3"})),
               2);
  ASSERT_EQ(rewrite.exit_code(), 0) << rewrite.output;

  std::map<std::string, std::size_t> history_size;
  for (const auto& line : read_jsonl(dir() / "examples.jsonl")) {
    ++history_size[line["user"].get<std::string>()];
  }
  const auto jobs = read_jsonl(dir() / "jobs.jsonl");
  std::map<std::string, std::string> zero_shot;  // "<user>/p<i>" -> prompt
  std::int64_t kshot = 0;
  std::int64_t with_examples = 0;
  std::int64_t differ = 0;
  for (const auto& j : jobs) {
    const std::string user = j["user"];
    const std::string key = user + "/p" + std::to_string(j["prompt_index"].get<int>());
    if (j["method"] == "zipp-0shot") zero_shot[key] = j["prompt"];
    if (j["method"] != "zipp-kshot") continue;
    ++kshot;
    const auto it = history_size.find(user);
    const std::size_t expected =
        it == history_size.end() ? 0 : std::min<std::size_t>(3, it->second);
    EXPECT_EQ(j["examples"].get<std::size_t>(), expected) << j.dump();
    if (expected == 0) {
      EXPECT_EQ(j["prompt"], zero_shot.at(key)) << j.dump();  // no history: 0-shot's request
      continue;
    }
    ++with_examples;
    differ += j["prompt"] != zero_shot.at(key) ? 1 : 0;
  }
  EXPECT_EQ(kshot, static_cast<std::int64_t>(jobs.size() / 3));
  EXPECT_GT(with_examples, kshot / 6);
  EXPECT_GT(differ, with_examples / 2) << differ << " of " << with_examples;
}

TEST_F(PromptHistoryCli, AGraphWithoutTruthIsRefused) {
  const fs::path edges = dir() / "edges.tsv";
  std::ofstream(edges) << "user\tsubreddit\tposts\tcomments\na\tx\t1\t1\nb\ty\t0\t2\n";
  const fs::path config = dir() / "ingest.yaml";
  std::ofstream(config) << "run:\n  dir: " << (dir() / "ingested").string()
                        << "\n  seed: 5\ngraph:\n  feature_dim: 16\ningest:\n  format: edges\n"
                        << "  inputs:\n    - " << edges.string() << "\n";
  const auto ingested = run_zipp({"graph", "ingest", "--config", config.string()}, 1);
  ASSERT_EQ(ingested.exit_code(), 0) << ingested.output;
  const auto refused = run_zipp({"graph", "history", "--config", config.string()});
  EXPECT_EQ(refused.exit_code(), 3) << refused.output;
  EXPECT_NE(refused.output.find("no /truth group"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(dir() / "ingested" / "prompt-history.jsonl"));
}

}  // namespace
}  // namespace zipp::verbalize
