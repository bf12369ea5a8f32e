// metrics.jsonl (docs/formats.md "Training metrics"): one JSON object per line, appended by rank 0
// and flushed line by line, so a crashed or stopped run keeps every interval it logged and a
// resumed run continues the same file. Other ranks hold a disabled log that writes nothing.
#pragma once

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace zipp::training {

enum class LogWriter { kThisRank, kOtherRank };

class MetricsLog {
 public:
  MetricsLog(const std::filesystem::path& path, LogWriter writer);

  // Writes `record` as one line and flushes. IoError naming the file when the write fails.
  void write(const nlohmann::json& record);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  bool enabled_;
};

}  // namespace zipp::training
