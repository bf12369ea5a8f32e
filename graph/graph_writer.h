// Writes an in-memory BipartiteGraph as graph.h5 (docs/formats.md "Bipartite graph"),
// atomically: readers see the old file or the complete new one.
#pragma once

#include <filesystem>

#include "graph/bipartite_graph.h"

namespace zipp::graph {

// InputError when the graph's arrays disagree in size (checked before anything is written);
// contents are checked by graph/validate.h, not here.
void write_graph(const BipartiteGraph& graph, const std::filesystem::path& path);

}  // namespace zipp::graph
