// What every run directory records about how its contents were made, so any result can be traced
// back to its code, configuration and launch: the resolved configuration (config.yaml), and in
// run.json the command line, build and git information, world size, hosts and Slurm job id.
// history.jsonl gains one line per command run in that directory. Layout: docs/formats.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zipp::core {

struct RunRecord {
  std::vector<std::string> command_line;
  std::string resolved_config_yaml;
  int world_size = 1;
  std::vector<std::string> hosts;           // distinct hosts of the job, in rank order
  std::optional<std::string> slurm_job_id;  // SLURM_JOB_ID when launched by Slurm
};

inline constexpr int kRunRecordFormatVersion = 1;

// This machine's host name ("unknown" when the system cannot tell), for the hosts of a
// single-process command's record.
std::string local_host_name();

// Creates `dir` if needed and writes config.yaml and run.json atomically, then appends to
// history.jsonl. Call on one rank (rank 0). Throws IoError naming the file on failure.
void write_run_record(const std::filesystem::path& dir, const RunRecord& record);

}  // namespace zipp::core
