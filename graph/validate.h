// Checks every invariant of a graph.h5 (docs/formats.md "Bipartite graph") and throws an
// InputError at the first defect, naming the file, the dataset, the first offending index and
// the values found: ids out of range, unsorted or duplicate edges, a bad indptr, CSR and CSC
// that disagree, non-finite features, counts that cannot make an edge, a wrong alignment mask.
// Dtype and shape errors come from GraphReader::open's layout check.
#pragma once

#include <filesystem>
#include <string>

#include "graph/bipartite_graph.h"

namespace zipp::graph {

// Reads the whole file (a graph the size of Reddit needs about 10 GB here).
void validate_graph_file(const std::filesystem::path& path);

// The same checks on a graph in memory; `name` opens the messages.
void validate_graph(const BipartiteGraph& graph, const std::string& name);

}  // namespace zipp::graph
