#include "verbalize/run/request_cache.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"

namespace zipp::verbalize {
namespace {

std::string hex64(std::uint64_t v) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(v));
  return buffer;
}

}  // namespace

std::string request_key(const std::string& model_identity, const ChatRequest& request) {
  nlohmann::json j = {{"model", model_identity},
                      {"temperature", request.temperature},
                      {"max_tokens", request.max_tokens},
                      {"seed", request.seed ? *request.seed : -1},
                      {"json", request.json_response}};
  for (const auto& m : request.messages) {
    j["messages"].push_back({{"role", m.role}, {"content", m.content}});
  }
  const std::string text = j.dump();
  return hex64(core::hash_text(text, 1)) + hex64(core::hash_text(text, 2));
}

RequestCache::RequestCache(const std::filesystem::path& dir, const std::string& stage, int rank) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw core::IoError(
        core::str("cannot create the reply cache directory ", dir.string(), ": ", error.message()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) load(f);
  own_ = dir / core::str(stage, ".rank", rank, ".jsonl");
  out_.open(own_, std::ios::binary | std::ios::app);
  if (!out_) throw core::IoError(core::str("cannot append to the reply cache ", own_.string()));
}

void RequestCache::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::IoError(core::str("cannot read the reply cache ", file.string()));
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("key") || !j["key"].is_string() ||
        !j.contains("content") || !j["content"].is_string()) {
      ZIPP_LOG_ONE(kWarn, "reply cache ", file.string(), ":", number,
                   ": skipping a line that is not a complete cache record (a run killed while "
                   "writing leaves one)");
      continue;
    }
    CachedReply reply;
    reply.content = j["content"].get<std::string>();
    reply.prompt_tokens = j.value("prompt_tokens", std::int64_t{-1});
    reply.completion_tokens = j.value("completion_tokens", std::int64_t{-1});
    entries_[j["key"].get<std::string>()] = std::move(reply);
  }
}

std::optional<CachedReply> RequestCache::find(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void RequestCache::add(const std::string& key, const ChatOutcome& outcome) {
  const nlohmann::json j = {{"key", key},
                            {"id", outcome.id},
                            {"content", outcome.content},
                            {"prompt_tokens", outcome.prompt_tokens},
                            {"completion_tokens", outcome.completion_tokens}};
  out_ << j.dump() << '\n';
  out_.flush();
  if (!out_) throw core::IoError(core::str("writing the reply cache ", own_.string(), " failed"));
  entries_[key] = {outcome.content, outcome.prompt_tokens, outcome.completion_tokens};
}

}  // namespace zipp::verbalize
