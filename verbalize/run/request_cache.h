// The reply cache that makes `zipp verbalize` and `zipp rewrite` resumable (docs/personas.md
// "Reply cache"): successful replies keyed by a hash of everything that decides the reply (the
// backend's model identity, the messages, temperature, max_tokens, seed, JSON mode). Each rank
// appends to its own file in the cache directory, a JSON line per reply, flushed as it arrives;
// every rank reads every file when it opens the cache, so a rerun on any number of ranks finds
// what any earlier run finished. A torn last line (a killed run) is skipped with a warning.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unordered_map>

#include "verbalize/llm/chat.h"

namespace zipp::verbalize {

struct CachedReply {
  std::string content;
  std::int64_t prompt_tokens = -1;
  std::int64_t completion_tokens = -1;
};

// 32 hex digits (two independent 64-bit hashes) over the identity and the request's settings and
// messages; the request id is not part of it, so the same prompt is asked once.
std::string request_key(const std::string& model_identity, const ChatRequest& request);

class RequestCache {
 public:
  // Reads every *.jsonl under `dir` (created when missing); appends go to `<stage>.rank<R>.jsonl`.
  RequestCache(const std::filesystem::path& dir, const std::string& stage, int rank);

  std::optional<CachedReply> find(const std::string& key) const;
  // Records a successful reply (append, flush). IoError when the write fails.
  void add(const std::string& key, const ChatOutcome& outcome);
  std::size_t size() const { return entries_.size(); }

 private:
  void load(const std::filesystem::path& file);

  std::filesystem::path own_;
  std::ofstream out_;
  std::unordered_map<std::string, CachedReply> entries_;
};

}  // namespace zipp::verbalize
