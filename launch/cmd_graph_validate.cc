// `zipp graph validate <graph.h5>`: checks every invariant of a graph file (graph/validate.h) and
// prints one line: "OK ..." with its counts (exit 0), or the first defect, naming the dataset and
// index (exit 3, bad input). A file whose layout is wrong (a dataset of the wrong dtype or shape)
// is bad input as well.
#include <iostream>

#include "core/error.h"
#include "core/str.h"
#include "graph/graph_reader.h"
#include "graph/validate.h"
#include "launch/cli.h"
#include "launch/commands_list.h"
#include "launch/exit_codes.h"

namespace zipp::launch {

int run_graph_validate(const Invocation& invocation) {
  po::options_description own("Options");
  const auto parsed =
      parse_command_line(invocation, "graph validate", "GRAPH.h5", own, AcceptsConfig::kNo);
  if (parsed.common.help) return kExitOk;
  if (parsed.positional.size() != 1) {
    throw core::ConfigError(
        "zipp graph validate: give one graph file (see 'zipp graph validate --help')");
  }
  const std::string& path = parsed.positional.front();
  graph::GraphMeta meta;
  try {
    graph::validate_graph_file(path);
    meta = graph::GraphReader::open(path).meta();
  } catch (const core::Hdf5Error& error) {
    throw core::InputError(core::str("invalid graph file: ", error.what()));
  }
  std::cout << "OK " << path << ": " << meta.num_users << " users, " << meta.num_subreddits
            << " subreddits, " << meta.num_edges << " edges, features [" << meta.num_subreddits
            << ", " << meta.feature_dim << "], "
            << (meta.alignment_dim > 0 ? core::str(meta.num_aligned, " aligned users")
                                       : std::string("no alignment"))
            << ", " << (meta.has_split ? "held-out split" : "no split") << '\n';
  return kExitOk;
}

}  // namespace zipp::launch
