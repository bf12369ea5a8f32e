// `zipp graph history`: the image-prompt history of a synthetic graph's users, for zipp-kshot
// (docs/personas.md "Prompt history of synthetic users"): each visual user's own image-post
// titles, replayed from graph.h5's ground truth, as the JSONL that `rewrite.examples` reads.
// A real dataset supplies that file itself; this command refuses graphs without /truth.
#include <filesystem>

#include "core/config/core_sections.h"
#include "core/config/load.h"
#include "core/error.h"
#include "core/log.h"
#include "core/run_record.h"
#include "core/str.h"
#include "graph/graph_config.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/schema.h"
#include "verbalize/run/prompt_history.h"

namespace zipp::launch {
int run_graph_history(const Invocation& invocation) {
  std::string output;
  po::options_description own("Options");
  own.add_options()("output,o", po::value(&output),
                    "the JSONL to write (default: <run.dir>/prompt-history.jsonl)");
  const auto parsed = parse_command_line(invocation, "graph history",
                                         "[--output FILE] [--config FILE] [key=value ...]", own,
                                         AcceptsConfig::kYes);
  if (parsed.common.help) return kExitOk;
  reject_positional(parsed, "graph history");
  const auto config =
      core::config::load_config(zipp_schema(), parsed.common.config, parsed.common.overrides);
  const auto& run = config.get<core::config::RunConfig>();
  const std::filesystem::path graph = config.get<graph::GraphConfig>().resolve_path(run.dir);
  const std::filesystem::path path = output.empty()
                                         ? std::filesystem::path(run.dir) / "prompt-history.jsonl"
                                         : std::filesystem::path(output);
  core::RunRecord record;
  record.command_line = invocation.command_line;
  record.resolved_config_yaml = config.to_yaml();
  record.hosts = {core::local_host_name()};
  core::write_run_record(run.dir, record);

  const auto summary = verbalize::write_prompt_history(graph, path);
  ZIPP_LOG_INFO("graph history: users=", summary.users, " with_history=", summary.with_history,
                " prompts=", summary.prompts, " (each visual user's own image-post titles from ",
                graph.string(), "'s ground truth) -> ", path.string());
  return kExitOk;
}

}  // namespace zipp::launch
