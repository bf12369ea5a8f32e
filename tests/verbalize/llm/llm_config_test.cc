#include "verbalize/llm/llm_config.h"

#include <gtest/gtest.h>

#include "core/config/load.h"
#include "core/error.h"

namespace zipp::verbalize {
namespace {

// A copy: the section must outlive the Config it was read from.
LlmConfig load(const std::vector<std::string>& overrides) {
  core::config::Schema schema;
  schema.add<LlmConfig>();
  return core::config::load_config(schema, std::nullopt, overrides).get<LlmConfig>();
}

std::string load_error(const std::vector<std::string>& overrides) {
  try {
    load(overrides);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(LlmConfig, DefaultsAreTheOfflineBackend) {
  const LlmConfig llm = load({});
  EXPECT_EQ(llm.backend, "builtin");
  EXPECT_EQ(llm.base_url, "http://127.0.0.1:8000/v1");
  EXPECT_EQ(llm.api_key_env, "OPENAI_API_KEY");
  EXPECT_EQ(llm.concurrency, 4);
}

TEST(LlmConfig, OpenAiNeedsAModelAndAnHttpUrl) {
  EXPECT_NE(load_error({"llm.backend=openai"}).find("llm.model"), std::string::npos);
  EXPECT_NE(load_error({"llm.backend=openai", "llm.model=m", "llm.base_url=localhost:8000"})
                .find("http://"),
            std::string::npos);
  const LlmConfig llm =
      load({"llm.backend=openai", "llm.model=qwen3", "llm.base_url=https://x/v1"});
  EXPECT_EQ(llm.model, "qwen3");
}

TEST(LlmConfig, RejectsBadValuesNamingTheKey) {
  EXPECT_NE(load_error({"llm.backend=gpt"}).find("llm.backend"), std::string::npos);
  EXPECT_NE(load_error({"llm.concurrency=0"}).find("llm.concurrency"), std::string::npos);
  EXPECT_NE(load_error({"llm.read_timeout_s=0"}).find("llm.read_timeout_s"), std::string::npos);
  EXPECT_NE(load_error({"llm.backoff_initial_s=10", "llm.backoff_max_s=1"}).find("backoff_max_s"),
            std::string::npos);
  EXPECT_NE(load_error({"llm.seed=-2"}).find("llm.seed"), std::string::npos);
}

TEST(LlmConfig, RequestsCarryTheSection) {
  LlmConfig config;
  config.temperature = 0.1;
  config.max_tokens = 55;
  config.seed = 8;
  const ChatRequest with_seed =
      make_chat_request(config, "u1", {{"user", "hi"}}, ResponseFormat::kJsonObject);
  EXPECT_EQ(with_seed.id, "u1");
  EXPECT_EQ(with_seed.temperature, 0.1);
  EXPECT_EQ(with_seed.max_tokens, 55);
  EXPECT_EQ(with_seed.seed, 8);
  EXPECT_TRUE(with_seed.json_response);
  config.seed = -1;
  const ChatRequest without =
      make_chat_request(config, "u2", {{"user", "hi"}}, ResponseFormat::kText);
  EXPECT_FALSE(without.seed.has_value());
  EXPECT_FALSE(without.json_response);
}

}  // namespace
}  // namespace zipp::verbalize
