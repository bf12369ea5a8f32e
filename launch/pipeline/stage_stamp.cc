#include "launch/pipeline/stage_stamp.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/atomic_file.h"
#include "core/io/file_digest.h"
#include "core/log.h"
#include "core/str.h"
#include "core/text/hex.h"

namespace zipp::launch {
namespace fs = std::filesystem;

std::optional<OutputState> output_state(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  OutputState state;
  state.path = path.string();
  state.bytes = static_cast<std::int64_t>(fs::file_size(path));
  if (state.bytes <= kDigestedOutputBytes) {
    state.digest = core::text::hex64(core::file_digest(path, 0));
  } else {
    state.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         fs::last_write_time(path).time_since_epoch())
                         .count();
  }
  return state;
}

std::optional<StageStamp> read_stage_stamp(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object() ||
      json.value("format_version", 0) != kStageStampFormatVersion) {
    ZIPP_LOG_WARN("pipeline: ignoring the unreadable stamp ", path.string());
    return std::nullopt;
  }
  StageStamp stamp;
  try {
    stamp.stage = json.at("stage").get<std::string>();
    stamp.key = json.at("key").get<std::string>();
    stamp.command = json.value("command", "");
    stamp.seconds = json.value("seconds", 0.0);
    for (const auto& output : json.at("outputs")) {
      stamp.outputs.push_back(
          {output.at("path").get<std::string>(), output.at("bytes").get<std::int64_t>(),
           output.value("mtime_ns", std::int64_t{0}), output.value("digest", std::string())});
    }
  } catch (const nlohmann::json::exception& e) {
    ZIPP_LOG_WARN("pipeline: ignoring the stamp ", path.string(), ": ", e.what());
    return std::nullopt;
  }
  return stamp;
}

void write_stage_stamp(const fs::path& path, const StageStamp& stamp) {
  nlohmann::ordered_json json{{"format_version", kStageStampFormatVersion},
                              {"stage", stamp.stage},
                              {"key", stamp.key},
                              {"command", stamp.command},
                              {"seconds", stamp.seconds},
                              {"outputs", nlohmann::ordered_json::array()}};
  for (const auto& output : stamp.outputs) {
    json["outputs"].push_back({{"path", output.path},
                               {"bytes", output.bytes},
                               {"mtime_ns", output.mtime_ns},
                               {"digest", output.digest}});
  }
  fs::create_directories(path.parent_path());
  core::write_file_atomic(path, json.dump(2) + "\n");
}

std::string why_incomplete(const std::optional<StageStamp>& stamp, const std::string& key) {
  if (!stamp) return "not run yet (no stamp)";
  if (stamp->key != key) return "its settings or an earlier stage changed";
  for (const auto& recorded : stamp->outputs) {
    const auto now = output_state(recorded.path);
    if (!now) return core::str(recorded.path, " is missing");
    if (!(*now == recorded)) return core::str(recorded.path, " changed since the stage ran");
  }
  return "";
}

}  // namespace zipp::launch
