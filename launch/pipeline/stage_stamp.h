// What `zipp pipeline` remembers of a finished stage (docs/formats.md "Pipeline stamps"): a
// stamp `<run.dir>/pipeline/<stage>.json` written after the stage exits 0, holding a key of
// everything the stage's result depends on (its configuration sections, its arguments and the
// key of the stage before it) and the size and content digest (or, for a file over 256 MiB, the
// modification time) of each output file. A stage is complete when its stamp has the current key
// and every output is still as recorded; a
// changed setting upstream changes every later key, so the stages after it run again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zipp::launch {

inline constexpr int kStageStampFormatVersion = 1;

// Files up to this size are identified by a digest of their bytes, so rewriting one with the same
// content (a resumed stage that had nothing left to do) does not count as a change; larger ones
// (a Reddit-scale graph.h5) by size and modification time, which cost nothing to read.
inline constexpr std::int64_t kDigestedOutputBytes = 256LL << 20;

struct OutputState {
  std::string path;
  std::int64_t bytes = 0;
  std::int64_t mtime_ns = 0;  // 0 for a digested file
  std::string digest;         // 16 hex digits for a digested file, else ""

  bool operator==(const OutputState&) const = default;
};

struct StageStamp {
  std::string stage;
  std::string key;  // 16 hex digits
  std::string command;
  std::vector<OutputState> outputs;
  double seconds = 0.0;
};

// The state of a file now; nullopt when it does not exist. IoError when it cannot be read.
std::optional<OutputState> output_state(const std::filesystem::path& path);

// The stamp at `path`; nullopt when there is none or it cannot be parsed (the stage then simply
// runs again, and the log says why).
std::optional<StageStamp> read_stage_stamp(const std::filesystem::path& path);

// Writes the stamp atomically.
void write_stage_stamp(const std::filesystem::path& path, const StageStamp& stamp);

// "" when `stamp` says the stage is complete for `key`, else why not ("no stamp", "settings
// changed", "runs/x/graph.h5 changed since the stage ran", ...).
std::string why_incomplete(const std::optional<StageStamp>& stamp, const std::string& key);

}  // namespace zipp::launch
