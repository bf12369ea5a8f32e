// Evidence: ranking by attention weight, the token budget (never exceeded), the truncation rules
// (a prefix of the ranking, only the last description or snippet cut), snippet order, the text
// form read back, and the snippets file.
#include "verbalize/evidence/evidence.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/str.h"
#include "verbalize/evidence/evidence_text.h"
#include "verbalize/evidence/snippets.h"
#include "verbalize/evidence/token_estimate.h"

namespace zipp::verbalize {
namespace {

std::vector<RankedSubreddit> sample_ranked() {
  return {{"Hub", 0.05, "Ask anything at all."},
          {"AnalogFilmLovers", 0.40, "Medium format and darkroom printing, light leaks."},
          {"CozyMeadow", 0.20, "Wildflowers, knitting and tea parties."},
          {"TrueStreet", 0.20, "Candid portraits, hard shadows."},
          {"Vapor", 0.15, "Vaporwave music and glitch art."}};
}

TEST(Evidence, RanksByWeightKeepingTiesInOrder) {
  const Evidence e = build_evidence("u1", sample_ranked(), {}, EvidenceOptions{});
  ASSERT_EQ(e.communities.size(), 5U);
  EXPECT_EQ(e.communities[0].name, "AnalogFilmLovers");
  EXPECT_EQ(e.communities[1].name, "CozyMeadow");  // tie with TrueStreet: input order
  EXPECT_EQ(e.communities[2].name, "TrueStreet");
  EXPECT_EQ(e.communities[3].name, "Vapor");
  EXPECT_EQ(e.communities[4].name, "Hub");
  EXPECT_FALSE(e.truncated);
  EXPECT_EQ(e.tokens, estimate_tokens(e.text));
  EXPECT_NE(e.text.find("- r/AnalogFilmLovers (weight 0.400): Medium format"), std::string::npos);
}

TEST(Evidence, TextReadsBack) {
  const std::vector<Snippet> snippets = {{"CozyMeadow", "my sourdough\nrose today"},
                                         {"", "hello there"}};
  const Evidence e = build_evidence("u1", sample_ranked(), snippets, EvidenceOptions{});
  const ParsedEvidence parsed = parse_evidence_text("preamble\n<evidence>\n" + e.text + "\n");
  ASSERT_EQ(parsed.communities.size(), e.communities.size());
  for (std::size_t i = 0; i < parsed.communities.size(); ++i) {
    EXPECT_EQ(parsed.communities[i].name, e.communities[i].name);
    EXPECT_NEAR(parsed.communities[i].weight, e.communities[i].weight, 1e-3);
    EXPECT_EQ(parsed.communities[i].description, e.communities[i].description);
  }
  ASSERT_EQ(parsed.snippets.size(), 2U);
  EXPECT_EQ(parsed.snippets[0].subreddit, "CozyMeadow");
  EXPECT_EQ(parsed.snippets[0].text, "my sourdough rose today");  // newline became a space
  EXPECT_EQ(parsed.snippets[1].subreddit, "");
}

TEST(Evidence, SnippetsOfHigherRankedCommunitiesComeFirst) {
  const std::vector<Snippet> snippets = {{"Elsewhere", "first in file"},
                                         {"Vapor", "about vapor"},
                                         {"AnalogFilmLovers", "about film"},
                                         {"", "no subreddit"},
                                         {"Vapor", "vapor again"}};
  const Evidence e = build_evidence("u", sample_ranked(), snippets, EvidenceOptions{});
  ASSERT_EQ(e.snippets.size(), 5U);
  EXPECT_EQ(e.snippets[0].text, "about film");
  EXPECT_EQ(e.snippets[1].text, "about vapor");
  EXPECT_EQ(e.snippets[2].text, "vapor again");
  EXPECT_EQ(e.snippets[3].text, "first in file");
  EXPECT_EQ(e.snippets[4].text, "no subreddit");
}

TEST(Evidence, TruncationKeepsAPrefixOfTheRankingAndCutsOnlyTheLastDescription) {
  EvidenceOptions options;
  options.token_budget = 40;
  const Evidence e = build_evidence("u", sample_ranked(), {}, options);
  EXPECT_LE(e.tokens, 40);
  EXPECT_TRUE(e.truncated);
  ASSERT_GE(e.communities.size(), 1U);
  ASSERT_LT(e.communities.size(), 5U);
  EXPECT_EQ(e.communities_dropped, static_cast<std::int64_t>(5 - e.communities.size()));
  const std::vector<std::string> order = {"AnalogFilmLovers", "CozyMeadow", "TrueStreet", "Vapor"};
  for (std::size_t i = 0; i < e.communities.size(); ++i) {
    EXPECT_EQ(e.communities[i].name, order[i]);
  }
  // Every description but the last is whole.
  const auto full = sample_ranked();
  for (std::size_t i = 0; i + 1 < e.communities.size(); ++i) {
    bool whole = false;
    for (const auto& f : full) whole = whole || f.description == e.communities[i].description;
    EXPECT_TRUE(whole) << e.communities[i].description;
  }
  const std::string& last = e.communities.back().description;
  EXPECT_TRUE(last.empty() || last.ends_with(" ...")) << last;
}

TEST(Evidence, SnippetShareIsHeldBackForSnippets) {
  std::vector<RankedSubreddit> many;
  for (int i = 0; i < 200; ++i) {
    many.push_back({core::str("Sub", i), 1.0 / (i + 1), "a fairly long description of words"});
  }
  const std::vector<Snippet> snippets = {{"Sub0", "a snippet that should make it in"}};
  EvidenceOptions options;
  options.token_budget = 300;
  const Evidence e = build_evidence("u", many, snippets, options);
  EXPECT_LE(e.tokens, 300);
  ASSERT_EQ(e.snippets.size(), 1U);
  EXPECT_EQ(e.snippets[0].text, snippets[0].text);
  // Without snippets the communities take the whole budget.
  const Evidence bare = build_evidence("u", many, {}, options);
  EXPECT_GT(bare.communities.size(), e.communities.size());
}

TEST(Evidence, LongSnippetsAreCutAndTheLastOneFitted) {
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "word ";
  EvidenceOptions options;
  options.max_snippet_tokens = 20;
  const Evidence e =
      build_evidence("u", {{"A", 1.0, "alpha"}}, {{"A", long_text}, {"A", long_text}}, options);
  ASSERT_EQ(e.snippets.size(), 2U);
  EXPECT_LE(estimate_tokens(e.snippets[0].text), 20);
  EXPECT_TRUE(e.snippets[0].text.ends_with(" ..."));
  EXPECT_TRUE(e.truncated);
}

TEST(Evidence, BudgetIsNeverExceededOnRandomInputs) {
  std::mt19937 rng(7);
  auto word = [&] {
    std::string w;
    const int n = 1 + static_cast<int>(rng() % 14);
    for (int i = 0; i < n; ++i) w += static_cast<char>("abcdefgh.,:!-"[rng() % 13]);
    return w;
  };
  auto text = [&](int max_words) {
    std::string t;
    const int n = static_cast<int>(rng() % static_cast<unsigned>(max_words));
    for (int i = 0; i < n; ++i) t += word() + (rng() % 9 == 0 ? "\n" : " ");
    return t;
  };
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<RankedSubreddit> ranked;
    const int communities = static_cast<int>(rng() % 40);
    for (int i = 0; i < communities; ++i) {
      ranked.push_back({core::str("S", rng() % 1000), (rng() % 1000) / 1000.0, text(60)});
    }
    std::vector<Snippet> snippets;
    const int count = static_cast<int>(rng() % 10);
    for (int i = 0; i < count; ++i) snippets.push_back({rng() % 2 ? "S1" : "", text(200)});
    EvidenceOptions options;
    options.token_budget = 1 + static_cast<std::int64_t>(rng() % 600);
    options.snippet_share = (rng() % 90) / 100.0;
    const Evidence e = build_evidence("u", ranked, snippets, options);
    ASSERT_LE(e.tokens, options.token_budget) << "trial " << trial;
    ASSERT_EQ(e.tokens, estimate_tokens(e.text));
    ASSERT_EQ(e.communities.size() + static_cast<std::size_t>(e.communities_dropped),
              ranked.size());
    for (std::size_t i = 1; i < e.communities.size(); ++i) {
      ASSERT_GE(e.communities[i - 1].weight, e.communities[i].weight);
    }
    // Deterministic.
    ASSERT_EQ(build_evidence("u", ranked, snippets, options).text, e.text);
  }
}

TEST(Evidence, RejectsBadOptions) {
  EvidenceOptions options;
  options.token_budget = 0;
  EXPECT_THROW(build_evidence("u", {}, {}, options), core::ConfigError);
  options.token_budget = 10;
  options.snippet_share = 1.0;
  EXPECT_THROW(build_evidence("u", {}, {}, options), core::ConfigError);
}

class SnippetFile : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    const auto path =
        std::filesystem::temp_directory_path() /
        core::str("zipp_snippets_", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                  ".jsonl");
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(SnippetFile, ReadsUsersInFileOrderAndFilters) {
  const auto path = write(
      "{\"user\": \"a\", \"subreddit\": \"Film\", \"text\": \"one\"}\n"
      "\n"
      "{\"user\": \"b\", \"text\": \"two\"}\n"
      "{\"user\": \"a\", \"text\": \"three\", \"subreddit\": null}\n");
  const SnippetIndex all = SnippetIndex::read(path);
  ASSERT_EQ(all.of("a").size(), 2U);
  EXPECT_EQ(all.of("a")[0].subreddit, "Film");
  EXPECT_EQ(all.of("a")[1].text, "three");
  EXPECT_EQ(all.of("b").size(), 1U);
  EXPECT_TRUE(all.of("c").empty());
  const SnippetIndex only_b =
      SnippetIndex::read(path, [](std::string_view user) { return user == "b"; });
  EXPECT_EQ(only_b.users(), 1U);
}

TEST_F(SnippetFile, ErrorsNameTheLineAndTheProblem) {
  auto message = [&](const std::string& text) {
    try {
      SnippetIndex::read(write(text));
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{\"user\": \"a\", \"text\": \"x\"}\nnot json\n").find(".jsonl:2"),
            std::string::npos);
  EXPECT_NE(message("{\"text\": \"x\"}\n").find("\"user\""), std::string::npos);
  EXPECT_NE(message("{\"user\": \"a\", \"text\": 3}\n").find("\"text\""), std::string::npos);
  EXPECT_NE(message("{\"user\": \"a\", \"text\": \"x\", \"score\": 1}\n").find("'score'"),
            std::string::npos);
  EXPECT_NE(message("{\"user\": \"a\", \"text\": \"x\", \"subreddit\": 5}\n").find("subreddit"),
            std::string::npos);
  EXPECT_THROW(SnippetIndex::read("/nonexistent/zipp/snippets.jsonl"), core::IoError);
}

}  // namespace
}  // namespace zipp::verbalize
