// `zipp verbalize` as a user runs it with the builtin backend on a tiny synthetic world: from a
// tiny trained run's embeddings.h5 (attention) and from the graph's interactions; the same
// personas.jsonl on one and two ranks; a rerun answered wholly from the reply cache; snippets;
// the dominant archetype recovered against the ground truth; a bad template refused.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "graph/graph_reader.h"
#include "graph/synth/truth_reader.h"
#include "tests/support/zipp_cli.h"
#include "verbalize/builtin/archetype_lexicon.h"
#include "verbalize/persona/persona_file.h"

namespace zipp::verbalize {
namespace {

namespace fs = std::filesystem;
using zipp::testing::run_zipp;

fs::path world_dir() { return fs::temp_directory_path() / "zipp_verbalize_cli_test"; }

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> world_args() {
  return {"--config",
          std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
          "synth.users=600",
          "synth.subreddits=120",
          "graph.feature_dim=16",
          "graph.path=" + (world_dir() / "graph.h5").string(),
          "partition.output=" + (world_dir() / "parts").string(),
          "run.dir=" + (world_dir() / "run").string(),
          "trace.enabled=false",
          "model.hidden=16",
          "model.heads=2",
          "model.feature_dim=16",
          "model.alignment_dim=16",
          "verbalize.prompt=" + std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/verbalize.md",
          "llm.backend=builtin"};
}

std::vector<std::string> verbalize_args(const std::string& output, const std::string& cache,
                                        std::vector<std::string> extra = {}) {
  return with(
      with({"verbalize", "--log-level", "info"}, world_args()),
      with({"verbalize.output=" + (world_dir() / output).string(),
            "verbalize.cache=" + (world_dir() / cache).string(), "verbalize.batch_users=100"},
           extra));
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class VerbalizeCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(world_dir());
    const auto made = run_zipp(with({"graph", "synth"}, world_args()));
    ASSERT_EQ(made.exit_code(), 0) << made.output;
    const auto parted = run_zipp(with({"partition"}, with(world_args(), {"partition.parts=2"})));
    ASSERT_EQ(parted.exit_code(), 0) << parted.output;
    const auto trained = run_zipp(
        with({"train"},
             with(world_args(), {"train.max_steps=4", "train.batch_size=128", "train.fanout=10",
                                 "train.eval_users=50", "train.final_eval_users=50",
                                 "train.eval_align_users=30", "train.threads=1"})),
        2, std::chrono::seconds(300));
    ASSERT_EQ(trained.exit_code(), 0) << trained.output;
    const auto embedded = run_zipp(
        with({"embed"},
             with(world_args(), {"embed.top_k=8", "embed.threads=1", "embed.archetype_users=0"})));
    ASSERT_EQ(embedded.exit_code(), 0) << embedded.output;
  }
};

TEST_F(VerbalizeCli, AttentionPersonasForEveryUserInIdOrder) {
  const auto run = run_zipp(verbalize_args("attention.jsonl", "cache-a"), 2);
  ASSERT_EQ(run.exit_code(), 0) << run.output;
  EXPECT_NE(run.output.find("personas=600 failed=0 cached=0 requests=600"), std::string::npos)
      << run.output;
  const auto personas = read_personas(world_dir() / "attention.jsonl");
  ASSERT_EQ(personas.size(), 600U);
  const auto graph = graph::GraphReader::open(world_dir() / "graph.h5");
  const auto names = graph.user_names(0, 600);
  for (std::size_t u = 0; u < personas.size(); ++u) {
    EXPECT_EQ(personas[u].user_id, static_cast<std::int64_t>(u));
    EXPECT_EQ(personas[u].user, names[u]);
    EXPECT_LE(personas[u].evidence.size(), 8U);  // embed.top_k
  }
}

TEST_F(VerbalizeCli, InteractionPersonasMatchAcrossRanksAndRerunsComeFromTheCache) {
  const fs::path snippets = world_dir() / "snippets.jsonl";
  {
    const auto graph = graph::GraphReader::open(world_dir() / "graph.h5");
    std::ofstream out(snippets);
    out << "{\"user\": \"" << graph.user_names(3, 4)[0]
        << "\", \"text\": \"my sourdough rose beautifully this morning\"}\n";
  }
  const std::vector<std::string> extra = {"verbalize.ranking=interactions",
                                          "verbalize.snippets=" + snippets.string()};
  const auto one = run_zipp(verbalize_args("one.jsonl", "cache-i", extra), 1);
  ASSERT_EQ(one.exit_code(), 0) << one.output;
  EXPECT_NE(one.output.find("cached=0 requests=600"), std::string::npos) << one.output;
  EXPECT_NE(one.output.find("persona recovery: dominant archetype 0."), std::string::npos)
      << one.output;
  const auto two = run_zipp(verbalize_args("two.jsonl", "cache-i", extra), 2);
  ASSERT_EQ(two.exit_code(), 0) << two.output;
  EXPECT_NE(two.output.find("personas=600 failed=0 cached=600 requests=0"), std::string::npos)
      << two.output;
  EXPECT_EQ(slurp(world_dir() / "one.jsonl"), slurp(world_dir() / "two.jsonl"));
  const auto fresh = run_zipp(verbalize_args("fresh.jsonl", "cache-fresh", extra), 2);
  ASSERT_EQ(fresh.exit_code(), 0) << fresh.output;
  EXPECT_EQ(slurp(world_dir() / "one.jsonl"), slurp(world_dir() / "fresh.jsonl"));
  // The snippet reached its user's evidence and nobody else's.
  const auto without =
      run_zipp(verbalize_args("nosnip.jsonl", "cache-i", {"verbalize.ranking=interactions"}), 1);
  ASSERT_EQ(without.exit_code(), 0) << without.output;
  EXPECT_NE(without.output.find("cached=599 requests=1"), std::string::npos) << without.output;

  // The builtin recovers most users' dominant archetype (chance: 1/20).
  const auto personas = read_personas(world_dir() / "one.jsonl");
  const auto graph = graph::GraphReader::open(world_dir() / "graph.h5");
  const auto truth = graph::synth::read_user_truth(graph.file(), 0, 600);
  const builtin::ArchetypeLexicon lexicon(graph::synth::read_archetypes(graph.file()));
  int recovered = 0;
  for (std::size_t u = 0; u < personas.size(); ++u) {
    recovered += lexicon.dominant(personas[u].interests) == truth.archetypes[u * 3];
  }
  EXPECT_GT(recovered, 600 * 0.6) << recovered;
}

TEST_F(VerbalizeCli, RewriteWritesOneJobPerUserPromptAndMethod) {
  const auto personas_run = run_zipp(
      verbalize_args("rw-personas.jsonl", "cache-rw", {"verbalize.ranking=interactions"}), 1);
  ASSERT_EQ(personas_run.exit_code(), 0) << personas_run.output;
  const auto personas = read_personas(world_dir() / "rw-personas.jsonl");
  const fs::path prompts = world_dir() / "prompts.txt";
  std::ofstream(prompts) << "# two subjects\na red bicycle\n\na lighthouse at dusk\n";
  const fs::path examples = world_dir() / "examples.jsonl";
  std::ofstream(examples) << "{\"user\": \"" << personas[0].user
                          << "\", \"prompt\": \"my shot: a barn, double exposure\"}\n";
  const std::string dir = std::string(ZIPP_SOURCE_DIR) + "/configs/prompts/";
  auto rewrite = [&](const std::string& output, int ranks) {
    return run_zipp(
        with(with({"rewrite", "--log-level", "info"}, world_args()),
             {"rewrite.personas=" + (world_dir() / "rw-personas.jsonl").string(),
              "rewrite.prompts=" + prompts.string(), "rewrite.examples=" + examples.string(),
              "rewrite.output=" + (world_dir() / output).string(),
              "rewrite.cache=" + (world_dir() / "cache-rw").string(),
              "rewrite.prompt=" + dir + "rewrite.md",
              "rewrite.plain_prompt=" + dir + "rewrite-plain.md", "rewrite.max_users=50",
              "rewrite.k=2", "rewrite.batch_jobs=64"}),
        ranks);
  };
  const auto two = rewrite("jobs2.jsonl", 2);
  ASSERT_EQ(two.exit_code(), 0) << two.output;
  // Identical requests (no-persona jobs of one base prompt) are asked once.
  EXPECT_NE(two.output.find("jobs=300 written=300 failed=0"), std::string::npos) << two.output;
  EXPECT_EQ(two.output.find("cached=0 "), std::string::npos) << two.output;
  const auto one = rewrite("jobs1.jsonl", 1);
  ASSERT_EQ(one.exit_code(), 0) << one.output;
  EXPECT_NE(one.output.find("cached=300 requests=0"), std::string::npos) << one.output;
  EXPECT_EQ(slurp(world_dir() / "jobs1.jsonl"), slurp(world_dir() / "jobs2.jsonl"));

  std::ifstream in(world_dir() / "jobs2.jsonl");
  std::string line;
  std::vector<nlohmann::json> jobs;
  while (std::getline(in, line)) jobs.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(jobs.size(), 300U);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& j = jobs[i];
    ids.insert(j["job"].get<std::string>());
    const std::string base = j["base_prompt"];
    const std::string prompt = j["prompt"];
    EXPECT_EQ(prompt.rfind(base, 0), 0U) << prompt;  // the subject is kept
    EXPECT_EQ(j["seed"], jobs[i - i % 3]["seed"]);   // one seed per (user, prompt)
    EXPECT_EQ(j["method"],
              (std::vector<std::string>{"no-persona", "zipp-0shot", "zipp-kshot"}[i % 3]));
  }
  EXPECT_EQ(ids.size(), 300U);
  EXPECT_NE(jobs[0]["seed"], jobs[3]["seed"]);
  EXPECT_EQ(jobs[2]["examples"], 1);  // the first user's one example
  EXPECT_NE(jobs[2]["prompt"].get<std::string>().find("double exposure"), std::string::npos);
  EXPECT_EQ(jobs[5]["examples"], 1);
  EXPECT_EQ(jobs[8]["examples"], 0);
}

TEST_F(VerbalizeCli, ABadTemplateIsRefusedNamingTheLine) {
  const fs::path bad = world_dir() / "bad.md";
  std::ofstream(bad) << "## user\n{{evidence}}\n{{evidense}}\n";
  const auto run = run_zipp(
      verbalize_args("bad.jsonl", "cache-b",
                     {"verbalize.ranking=interactions", "verbalize.prompt=" + bad.string()}),
      2);
  EXPECT_EQ(run.exit_code(), 2) << run.output;
  EXPECT_NE(run.output.find("bad.md:3"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("{{evidense}}"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(world_dir() / "bad.jsonl"));
}

}  // namespace
}  // namespace zipp::verbalize
