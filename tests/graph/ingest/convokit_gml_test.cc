// The real ConvoKit Reddit network (../shared/data/reddit-convokit-small-network): every count
// of its README's "Counts measured here" table that concerns users, subreddit values and pairs,
// the reply edges, and the deleted_speaker_* pseudo-users. Skipped when the data is absent.
#include <algorithm>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "graph/ingest/gml_reader.h"

namespace zipp::graph {
namespace {

const std::filesystem::path kNetwork = std::filesystem::path(ZIPP_SHARED_DATA) /
                                       "reddit-convokit-small-network" /
                                       "reddit_small_corpus_network_digraph.gml.gz";

class ConvokitGmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kNetwork)) {
      GTEST_SKIP() << "the ConvoKit network is not here: " << kNetwork
                   << " (shared data lives beside the repository)";
    }
  }
};

TEST_F(ConvokitGmlTest, MatchesTheReadmeCounts) {
  GmlReport report;
  const EdgeTable table =
      read_gml_network(kNetwork.string(), {.deleted_speakers = DeletedSpeakers::kKeep}, &report);

  EXPECT_EQ(report.nodes, 145'607);
  EXPECT_EQ(static_cast<std::int64_t>(table.users.size()), 145'607);
  EXPECT_EQ(report.edges, 240'729);
  EXPECT_EQ(report.self_loops, 5'049);
  EXPECT_EQ(report.weight_sum, 1'246'863.0);
  EXPECT_EQ(report.max_weight, 554.0);
  EXPECT_EQ(report.distinct_subreddit_values, 101);
  EXPECT_EQ(report.subreddit_entries, 165'498);
  EXPECT_EQ(report.empty_list_values, 3'258);
  EXPECT_EQ(report.pairs, 162'240);
  EXPECT_EQ(static_cast<std::int64_t>(table.interactions.size()), 162'240);
  EXPECT_EQ(table.subreddits.size(), 100U);
  EXPECT_EQ(report.deleted_speakers, 28'965);
  EXPECT_EQ(report.records.malformed(), 0);

  std::vector<std::int64_t> per_user(table.users.size(), 0);
  std::map<std::string, std::int64_t> per_subreddit;
  for (const auto& r : table.interactions) {
    ++per_user[r.user];
    ++per_subreddit[table.subreddits[r.subreddit]];
  }
  std::map<std::int64_t, std::int64_t> users_with;  // subreddit count -> users
  for (const std::int64_t n : per_user) ++users_with[n];
  EXPECT_EQ(users_with[0], 3'258);
  EXPECT_EQ(users_with[1], 127'556);
  EXPECT_EQ(users_with[2], 11'342);
  EXPECT_EQ(users_with[3], 2'404);
  EXPECT_EQ(users_with[4], 722);
  EXPECT_EQ(users_with[5], 199);
  EXPECT_EQ(std::count_if(per_user.begin(), per_user.end(), [](auto n) { return n > 1; }), 14'793);
  EXPECT_EQ(*std::max_element(per_user.begin(), per_user.end()), 35);

  std::vector<std::pair<std::int64_t, std::string>> by_users;
  for (const auto& [name, users] : per_subreddit) by_users.emplace_back(users, name);
  std::sort(by_users.rbegin(), by_users.rend());
  const std::vector<std::pair<std::int64_t, std::string>> biggest = {{5'005, "todayilearned"},
                                                                     {4'713, "pics"},
                                                                     {4'684, "explainlikeimfive"},
                                                                     {4'510, "science"},
                                                                     {4'303, "askscience"}};
  EXPECT_EQ(std::vector(by_users.begin(), by_users.begin() + 5), biggest);
  const std::vector<std::pair<std::int64_t, std::string>> smallest = {
      {267, "Random_Acts_Of_Amazon"}, {233, "POLITIC"}, {186, "pokemontrades"}};
  EXPECT_EQ(std::vector(by_users.end() - 3, by_users.end()), smallest);
}

TEST_F(ConvokitGmlTest, DropsTheDeletedSpeakersByDefault) {
  GmlReport report;
  const EdgeTable table = read_gml_network(kNetwork.string(), {}, &report);
  EXPECT_EQ(report.deleted_speakers_dropped, 28'965);
  EXPECT_EQ(static_cast<std::int64_t>(table.users.size()), 145'607 - 28'965);
  EXPECT_EQ(static_cast<std::int64_t>(table.interactions.size()), 162'240 - report.pairs_dropped);
  EXPECT_TRUE(std::none_of(table.users.begin(), table.users.end(), [](const std::string& name) {
    return name.starts_with(kDeletedSpeakerPrefix);
  }));
}

}  // namespace
}  // namespace zipp::graph
