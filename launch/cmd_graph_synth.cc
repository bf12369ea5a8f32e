// `zipp graph synth`: draws the synthetic Reddit world (docs/synthetic-world.md) at the scale of
// the `synth` section and writes it as graph.h5 with its ground truth (graph.path, or graph.h5
// in the run directory). Every rank draws a share of the users; rank 0 writes.
#include "core/comm/agree.h"
#include "core/comm/communicator.h"
#include "core/config/core_sections.h"
#include "core/log.h"
#include "core/progress.h"
#include "graph/graph_config.h"
#include "graph/synth/synth_config.h"
#include "graph/synth/synth_graph.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"
#include "launch/run_context.h"

namespace zipp::launch {

int run_graph_synth(const Invocation& invocation) {
  const auto world = core::comm::Communicator::world();
  const po::options_description own("Options");
  ParsedCommandLine parsed;
  core::comm::agree_on_setup(world, [&] {
    parsed = parse_command_line(invocation, "graph synth", "[--config FILE] [key=value ...]", own,
                                AcceptsConfig::kYes);
    if (!parsed.positional.empty()) {
      throw core::ConfigError("zipp graph synth: unexpected argument " +
                              core::quoted(parsed.positional[0]));
    }
  });
  if (parsed.common.help) return kExitOk;

  const RunContext context = open_run(parsed, invocation, world);
  const auto& synth = context.config.get<graph::synth::SynthConfig>();
  const auto& graph = context.config.get<graph::GraphConfig>();
  const std::uint64_t seed = context.config.get<core::config::RunConfig>().seed;
  const std::filesystem::path path = graph.resolve_path(context.run_dir);

  graph::synth::World synth_world;
  core::comm::agree_on_setup(
      world, [&] { synth_world = graph::synth::make_world(synth, graph, seed); },
      "graph synth: building the world");
  ZIPP_LOG_INFO("graph synth: ", synth.users, " users, ", synth.subreddits, " subreddits (",
                synth_world.hubs.size(), " hubs), ", synth_world.num_archetypes(),
                " archetypes, mean degree ", synth.mean_degree, ", ", world.size(),
                world.size() == 1 ? " rank" : " ranks", " -> ", path.string());

  const graph::synth::SynthSummary summary =
      graph::synth::write_synthetic_graph(synth_world, graph, seed, path, world);
  ZIPP_LOG_INFO("graph synth: wrote ", path.string(), ": users=", summary.graph.num_users,
                " subreddits=", summary.graph.num_subreddits, " edges=", summary.graph.num_edges,
                " aligned=", summary.graph.num_aligned, " heldout=", summary.graph.num_heldout,
                " seconds=", core::format_human(summary.seconds));
  close_run(context);
  return kExitOk;
}

}  // namespace zipp::launch
