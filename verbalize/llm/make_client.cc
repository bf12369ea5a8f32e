#include "verbalize/llm/make_client.h"

#include "core/error.h"
#include "core/str.h"
#include "verbalize/llm/builtin_client.h"
#include "verbalize/llm/openai_client.h"

namespace zipp::verbalize {

std::unique_ptr<LlmClient> make_llm_client(const LlmConfig& config, std::uint64_t jitter_seed) {
  if (config.backend == "builtin") return std::make_unique<BuiltinClient>();
  if (config.backend == "openai") {
    if (config.model.empty()) {
      throw core::ConfigError(
          "llm.backend openai needs llm.model: set it to a model name the "
          "server knows");
    }
    return std::make_unique<OpenAiClient>(OpenAiSettings::from_config(config, jitter_seed));
  }
  throw core::ConfigError(
      core::str("llm.backend: expected builtin or openai, found ", core::quoted(config.backend)));
}

}  // namespace zipp::verbalize
