#include "graph/ingest/read_report.h"

#include <iomanip>
#include <sstream>

#include "core/check.h"

namespace zipp::graph {
namespace {

std::string reasons_text(const std::map<std::string, std::int64_t>& by_reason) {
  std::string text;
  for (const auto& [reason, count] : by_reason) {
    if (!text.empty()) text += ", ";
    text += core::str(reason, ' ', count);
  }
  return text;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2)
      << (whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole)) << '%';
  return out.str();
}

}  // namespace

void ReadReport::begin_file(std::string path) {
  ReadFileReport file;
  file.path = std::move(path);
  files_.push_back(std::move(file));
}

ReadFileReport& ReadReport::current() {
  ZIPP_ASSERT(!files_.empty(), "ReadReport: begin_file() was not called");
  return files_.back();
}

void ReadReport::add_malformed(std::int64_t line, std::string_view reason,
                               std::string_view detail) {
  ReadFileReport& file = current();
  ++file.malformed;
  ++file.malformed_by_reason[std::string(reason)];
  if (file.examples.size() < kMaxExamples) {
    file.examples.push_back(line > 0 ? core::str(file.path, ':', line, ": ", reason, ": ", detail)
                                     : core::str(file.path, ": ", reason, ": ", detail));
  }
}

std::int64_t ReadReport::records() const {
  std::int64_t total = 0;
  for (const auto& file : files_) total += file.records;
  return total;
}

std::int64_t ReadReport::malformed() const {
  std::int64_t total = 0;
  for (const auto& file : files_) total += file.malformed;
  return total;
}

double ReadReport::malformed_fraction() const {
  const std::int64_t total = records();
  return total == 0 ? 0.0 : static_cast<double>(malformed()) / static_cast<double>(total);
}

std::map<std::string, std::int64_t> ReadReport::malformed_by_reason() const {
  std::map<std::string, std::int64_t> total;
  for (const auto& file : files_) {
    for (const auto& [reason, count] : file.malformed_by_reason) total[reason] += count;
  }
  return total;
}

std::string ReadReport::malformed_summary() const {
  const std::int64_t bad = malformed();
  if (bad == 0) return {};
  std::ostringstream out;
  out << bad << " of " << records() << " records malformed (" << percent(bad, records())
      << "): " << reasons_text(malformed_by_reason());
  for (const auto& file : files_) {
    if (file.malformed == 0) continue;
    out << "\n  " << file.path << ": " << file.malformed << " of " << file.records << " ("
        << reasons_text(file.malformed_by_reason) << ")";
    for (const auto& example : file.examples) out << "\n    " << example;
  }
  return out.str();
}

void check_malformed_limit(const ReadReport& report, double max_fraction, std::string_view key) {
  std::string over;
  for (const auto& file : report.files()) {
    const double fraction =
        file.records == 0 ? 0.0 : static_cast<double>(file.malformed) / file.records;
    if (file.malformed == 0 || fraction <= max_fraction) continue;
    over += core::str(over.empty() ? "" : ", ", file.path, " (", file.malformed, " of ",
                      file.records, ", ", percent(file.malformed, file.records), ")");
  }
  if (over.empty()) return;
  throw core::InputError(core::str("too many malformed records in ", over, ", over the limit ", key,
                                   " = ", max_fraction, "; fix the input or raise the limit.\n",
                                   report.malformed_summary()));
}

}  // namespace zipp::graph
