#include "training/trainer/metrics_log.h"

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/str.h"

namespace zipp::training {

MetricsLog::MetricsLog(const std::filesystem::path& path, LogWriter writer)
    : path_(path), enabled_(writer == LogWriter::kThisRank) {
  if (!enabled_) return;
  out_.open(path_, std::ios::app | std::ios::binary);
  if (!out_) {
    throw core::IoError(
        core::str("cannot open ", path_.string(), " for appending: ", std::strerror(errno)));
  }
}

void MetricsLog::write(const nlohmann::json& record) {
  if (!enabled_) return;
  out_ << record.dump() << '\n';
  out_.flush();
  if (!out_) {
    throw core::IoError(core::str("cannot write to ", path_.string(), ": ", std::strerror(errno)));
  }
}

}  // namespace zipp::training
