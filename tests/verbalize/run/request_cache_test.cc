// The reply cache: keys (what changes them and what does not), a rerun served from the cache
// without asking the client, failures and rejected replies never cached, a torn line skipped.
#include "verbalize/run/request_cache.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "verbalize/run/cached_requests.h"

namespace zipp::verbalize {
namespace {

namespace fs = std::filesystem;

// Answers "reply to <last message>"; fails requests whose id starts with "fail".
class CountingClient final : public LlmClient {
 public:
  std::string_view backend() const override { return "builtin"; }
  std::string model_identity() const override { return "counting"; }
  std::vector<ChatOutcome> complete(const std::vector<ChatRequest>& requests,
                                    const ChatProgress& progress) override {
    std::vector<ChatOutcome> out;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      ++asked;
      ChatOutcome o;
      o.id = requests[i].id;
      o.attempts = 1;
      o.succeeded = o.id.rfind("fail", 0) != 0;
      if (!o.succeeded) o.failure = ChatFailure::kHttpStatus;
      o.content = "reply to " + requests[i].messages.back().content;
      if (progress) progress(o, i);
      out.push_back(o);
    }
    return out;
  }
  int asked = 0;
};

ChatRequest request(std::string id, std::string text) {
  ChatRequest r;
  r.id = std::move(id);
  r.messages = {{"user", std::move(text)}};
  return r;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("zipp_request_cache_" + name);
  fs::remove_all(dir);
  return dir;
}

TEST(RequestKey, DependsOnWhatDecidesTheReplyOnly) {
  const ChatRequest a = request("u1", "hello");
  ChatRequest other_id = a;
  other_id.id = "u2";
  EXPECT_EQ(request_key("m", a), request_key("m", other_id));
  EXPECT_EQ(request_key("m", a).size(), 32U);
  EXPECT_NE(request_key("m", a), request_key("n", a));
  EXPECT_NE(request_key("m", a), request_key("m", request("u1", "hello!")));
  ChatRequest hot = a;
  hot.temperature = 1.5;
  EXPECT_NE(request_key("m", a), request_key("m", hot));
  ChatRequest seeded = a;
  seeded.seed = 3;
  EXPECT_NE(request_key("m", a), request_key("m", seeded));
}

TEST(CachedRequests, ARerunAsksNothingThatSucceeded) {
  const fs::path dir = fresh_dir("rerun");
  const std::vector<ChatRequest> requests = {request("a", "x"), request("fail-b", "y"),
                                             request("c", "bad"), request("d", "z")};
  const ReplyCheck check = [](const ChatOutcome& o) {
    return o.content.find("bad") == std::string::npos ? std::string() : "contains bad";
  };
  CountingClient client;
  {
    RequestCache cache(dir, "stage", 0);
    const CachedBatch first = complete_cached(client, cache, requests, check);
    EXPECT_EQ(first.cached, 0);
    EXPECT_TRUE(first.outcomes[0].succeeded);
    EXPECT_FALSE(first.outcomes[1].succeeded);
    EXPECT_FALSE(first.outcomes[2].succeeded);
    EXPECT_EQ(first.outcomes[2].failure, ChatFailure::kInvalidJson);
    EXPECT_EQ(first.outcomes[2].error, "contains bad");
    EXPECT_EQ(cache.size(), 2U);
  }
  EXPECT_EQ(client.asked, 4);
  // A torn line, as a killed run leaves, is skipped.
  std::ofstream(dir / "stage.rank1.jsonl") << "{\"key\": \"abc\", \"cont";
  RequestCache reopened(dir, "stage", 3);
  EXPECT_EQ(reopened.size(), 2U);
  int done = 0;
  const CachedBatch second =
      complete_cached(client, reopened, requests, check, [&](const ChatOutcome&) { ++done; });
  EXPECT_EQ(second.cached, 2);
  EXPECT_EQ(client.asked, 6);  // only the two that failed were asked again
  EXPECT_EQ(done, 4);
  EXPECT_EQ(second.outcomes[0].content, "reply to x");
  EXPECT_EQ(second.outcomes[0].attempts, 0);
  EXPECT_EQ(second.outcomes[3].id, "d");
  EXPECT_TRUE(fs::exists(dir / "stage.rank3.jsonl"));
  fs::remove_all(dir);
}

TEST(CachedRequests, RepeatsWithinABatchAreAskedOnce) {
  const fs::path dir = fresh_dir("repeats");
  CountingClient client;
  RequestCache cache(dir, "stage", 0);
  const CachedBatch batch = complete_cached(
      client, cache, {request("a", "same"), request("b", "same"), request("c", "other")}, {});
  EXPECT_EQ(client.asked, 2);
  EXPECT_EQ(batch.cached, 1);
  EXPECT_EQ(batch.outcomes[1].id, "b");
  EXPECT_EQ(batch.outcomes[1].content, "reply to same");
  EXPECT_EQ(batch.outcomes[1].attempts, 0);
  EXPECT_EQ(batch.outcomes[2].content, "reply to other");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zipp::verbalize
