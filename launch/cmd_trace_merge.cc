// `zipp trace merge`: combines the per-rank Chrome traces of a run (trace-rank*.json, written
// when trace.enabled) into one trace and prints each phase's min / median / max across ranks.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "core/error.h"
#include "core/str.h"
#include "core/trace/merge.h"
#include "core/trace/phase_table.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

// A directory stands for the trace-rank*.json files inside it.
std::vector<fs::path> expand_inputs(const std::vector<std::string>& arguments) {
  std::vector<fs::path> files;
  for (const auto& argument : arguments) {
    const fs::path path(argument);
    if (!fs::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(path)) {
      const auto name = entry.path().filename().string();
      if (name.starts_with("trace-rank") && name.ends_with(".json")) found.push_back(entry.path());
    }
    if (found.empty()) {
      throw core::InputError(core::str("zipp trace merge: directory ", core::quoted(argument),
                                       " holds no trace-rank*.json files (is trace.enabled on?)"));
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

int run_trace_merge(const Invocation& invocation) {
  std::string output;
  bool lines = false;
  po::options_description own("Options");
  own.add_options()("output,o", po::value(&output),
                    "merged trace file (default: trace-merged.json beside the first input)")(
      "lines", po::bool_switch(&lines), "print key=value lines instead of a table");
  const auto parsed =
      parse_command_line(invocation, "trace merge", "RUN_DIR | TRACE_FILE... [-o merged.json]", own,
                         AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  if (parsed.positional.empty()) {
    throw core::ConfigError("zipp trace merge: give a run directory or trace-rank*.json files");
  }
  const auto files = expand_inputs(parsed.positional);
  const fs::path target =
      output.empty() ? files.front().parent_path() / "trace-merged.json" : fs::path(output);
  const auto result = core::trace::merge_traces(files, target);
  std::cout << (lines ? core::trace::format_phase_lines(result)
                      : core::trace::format_phase_table(result));
  std::cout << "merged " << files.size() << " rank trace(s), " << result.event_count
            << " events, into " << target.string() << '\n';
  return kExitOk;
}

}  // namespace zipp::launch
