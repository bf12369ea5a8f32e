#include "launch/slurm/slurm_config.h"

#include <algorithm>
#include <charconv>

#include "core/str.h"
#include "launch/command.h"

namespace zipp::launch {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool all_of_set(std::string_view text, std::string_view extra) {
  return std::all_of(text.begin(), text.end(), [extra](char c) {
    return is_alnum(c) || extra.find(c) != std::string_view::npos;
  });
}

// A non-negative decimal number of at most 9 digits, or nullopt.
std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// The names of the commands a job may run: every command but `slurm ...` itself.
std::vector<std::string> stage_names() {
  std::vector<std::string> names;
  for (const auto& command : commands()) {
    if (!command.name.starts_with("slurm")) names.emplace_back(command.name);
  }
  return names;
}

}  // namespace

std::optional<std::int64_t> parse_slurm_time(std::string_view text) {
  std::int64_t days = 0;
  std::string_view clock = text;
  const std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    const auto d = parse_count(text.substr(0, dash));
    if (!d) return std::nullopt;
    days = *d;
    clock = text.substr(dash + 1);
  }
  std::vector<std::int64_t> fields;
  for (const std::string_view part : split(clock, ':')) {
    const auto value = parse_count(part);
    if (!value) return std::nullopt;
    fields.push_back(*value);
  }
  if (fields.size() > 3) return std::nullopt;
  if (dash != std::string_view::npos) {
    // days-hours[:minutes[:seconds]]
    while (fields.size() < 3) fields.push_back(0);
    return ((days * 24 + fields[0]) * 60 + fields[1]) * 60 + fields[2];
  }
  switch (fields.size()) {
    case 1:  // minutes
      return fields[0] * 60;
    case 2:  // minutes:seconds
      return fields[0] * 60 + fields[1];
    default:  // hours:minutes:seconds
      return (fields[0] * 60 + fields[1]) * 60 + fields[2];
  }
}

bool is_slurm_name(std::string_view text) {
  return !text.empty() && text.size() <= 64 && text.front() != '-' && all_of_set(text, "._-");
}

bool is_module_name(std::string_view text) {
  return !text.empty() && text.size() <= 256 && text.front() != '-' && all_of_set(text, "._+-/");
}

bool is_single_line(std::string_view text) {
  return text.find_first_of(std::string_view("\n\r\0", 3)) == std::string_view::npos;
}

std::string check_env_entry(std::string_view entry) {
  const std::size_t equals = entry.find('=');
  if (equals == std::string_view::npos) return "expected NAME=value";
  const std::string_view name = entry.substr(0, equals);
  const bool name_ok =
      !name.empty() && !(name.front() >= '0' && name.front() <= '9') && all_of_set(name, "_");
  if (!name_ok) return "expected a variable name of letters, digits and '_' before '='";
  if (!is_single_line(entry)) return "expected a value without newline or NUL";
  return {};
}

void SlurmConfig::describe(core::config::SectionSpec<SlurmConfig>& spec) {
  const auto at_least = [](std::int64_t minimum) {
    return [minimum](std::int64_t n) { return n >= minimum; };
  };
  spec.field("nodes", &SlurmConfig::nodes, "nodes of the job (#SBATCH --nodes)")
      .check(at_least(1), "must be at least 1");
  spec.field("tasks_per_node", &SlurmConfig::tasks_per_node,
             "MPI ranks per node (#SBATCH --ntasks-per-node); one per GPU on GPU nodes")
      .check(at_least(1), "must be at least 1");
  spec.field("gpus_per_task", &SlurmConfig::gpus_per_task,
             "GPUs per rank (#SBATCH --gpus-per-task); 0: none requested")
      .check(at_least(0), "must be at least 0");
  spec.field("cpus_per_task", &SlurmConfig::cpus_per_task,
             "CPU cores per rank (#SBATCH --cpus-per-task, repeated on srun)")
      .check(at_least(1), "must be at least 1");
  spec.field("time", &SlurmConfig::time,
             "time limit: minutes, minutes:seconds, hours:minutes:seconds, days-hours, "
             "days-hours:minutes or days-hours:minutes:seconds")
      .check([](const std::string& t) { return parse_slurm_time(t).value_or(0) > 0; },
             "expected a positive Slurm time limit such as 90, 01:30:00 or 1-12:00:00");
  spec.field("partition", &SlurmConfig::partition,
             "partition (#SBATCH --partition); empty: the cluster's default")
      .check([](const std::string& p) { return p.empty() || is_slurm_name(p); },
             "expected letters, digits, '.', '_' or '-' (not starting with '-', at most 64)");
  spec.field("account", &SlurmConfig::account,
             "account charged (#SBATCH --account); empty: the user's default")
      .check([](const std::string& a) { return a.empty() || is_slurm_name(a); },
             "expected letters, digits, '.', '_' or '-' (not starting with '-', at most 64)");
  spec.field("job_name", &SlurmConfig::job_name, "job name (#SBATCH --job-name)")
      .check(is_slurm_name,
             "expected letters, digits, '.', '_' or '-' (not starting with '-', 1 to 64)");
  spec.field("signal_seconds", &SlurmConfig::signal_seconds,
             "send SIGUSR1 to the batch script this many seconds before the time limit "
             "(--signal=B:USR1@N); the script forwards it to the ranks, which checkpoint and exit "
             "4; 0: no warning")
      .check([](std::int64_t n) { return n >= 0 && n <= 65535; }, "must be in [0, 65535]");
  spec.field("requeue", &SlurmConfig::requeue,
             "requeue the job (scontrol requeue) when the stage stopped after a checkpoint (exit "
             "4), so it resumes from it");
  spec.field("output", &SlurmConfig::output,
             "the job's log (#SBATCH --output, a Slurm filename pattern: %j is the job id); "
             "empty: <run.dir>/slurm-%j.out")
      .check(is_single_line, "expected a path without newline or NUL");
  spec.choice("launcher", &SlurmConfig::launcher, {"srun", "mpirun"},
              "srun: srun --mpi=<mpi> starts the ranks; mpirun: Open MPI's mpirun -n "
              "$SLURM_NTASKS inside the allocation");
  spec.field("mpi", &SlurmConfig::mpi,
             "srun's MPI plugin (srun --mpi=list shows the cluster's): pmix for Open MPI 4")
      .check([](const std::string& m) { return is_slurm_name(m); },
             "expected a plugin name of letters, digits, '.', '_' or '-'");
  spec.field("modules", &SlurmConfig::modules,
             "environment modules loaded before the stage (module load NAME)")
      .check(
          [](const std::vector<std::string>& names) {
            return std::all_of(names.begin(), names.end(), is_module_name);
          },
          "expected module names of letters, digits and '._+-/' (not starting with '-')");
  spec.field("extra_env", &SlurmConfig::extra_env,
             "environment of the stage, as a list of NAME=value (exported before srun)")
      .check(
          [](const std::vector<std::string>& entries) {
            return std::all_of(entries.begin(), entries.end(), [](const std::string& entry) {
              return check_env_entry(entry).empty();
            });
          },
          "expected NAME=value entries (a variable name; a value without newline or NUL)");
  spec.field("stage", &SlurmConfig::stage,
             "the zipp command the job runs on its ranks, e.g. train, embed, generate, "
             "\"graph synth\"")
      .check(
          [](const std::string& stage) {
            const auto names = stage_names();
            return std::find(names.begin(), names.end(), stage) != names.end();
          },
          "expected a zipp command (zipp --help lists them; not slurm itself)");
  spec.validate([](const SlurmConfig& s) -> std::string {
    const auto limit = parse_slurm_time(s.time);
    if (!limit || s.signal_seconds < *limit) return {};
    return core::str("signal_seconds (", s.signal_seconds,
                     ") must be less than the time limit (time '", s.time, "' = ", *limit,
                     " s), or the warning would come before the job starts");
  });
}

}  // namespace zipp::launch
