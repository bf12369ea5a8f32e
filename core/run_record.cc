#include "core/run_record.h"

#include <chrono>
#include <ctime>
#include <fstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/build_info.h"
#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/str.h"
#include "core/text/shell_quote.h"

namespace zipp::core {
namespace {

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

nlohmann::json build_json() {
  const auto& info = build_info();
  return {{"version", info.version},          {"git_sha", info.git_sha},
          {"git_dirty", info.git_dirty},      {"build_type", info.build_type},
          {"compiler", info.compiler},        {"torch", info.torch_version},
          {"mpi", info.mpi_version},          {"hdf5", info.hdf5_version},
          {"nccl_backend", info.nccl_backend}};
}

}  // namespace

void write_run_record(const std::filesystem::path& dir, const RunRecord& record) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    throw IoError(str("cannot create run directory ", quoted(dir.string()), ": ", error.message()));
  }
  nlohmann::json run = {
      {"format_version", kRunRecordFormatVersion},
      {"started_at", utc_now_iso8601()},
      {"command_line", text::shell_join(record.command_line)},
      {"build", build_json()},
      {"world_size", record.world_size},
      {"hosts", record.hosts},
      {"slurm_job_id", record.slurm_job_id ? nlohmann::json(*record.slurm_job_id) : nullptr},
  };
  write_file_atomic(dir / "config.yaml", record.resolved_config_yaml);
  write_file_atomic(dir / "run.json", run.dump(2) + "\n");

  const auto history = dir / "history.jsonl";
  std::ofstream out(history, std::ios::app);
  out << run.dump() << '\n';
  out.flush();
  if (!out) throw IoError(str("cannot append to ", quoted(history.string())));
}

std::string local_host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace zipp::core
