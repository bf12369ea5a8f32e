// Reads the networkx GML user network (docs/ingest.md "GML network"; the ConvoKit Reddit corpus in
// ../shared/data/reddit-convokit-small-network) into an EdgeTable: each node is a user (its
// `label`), its repeated `subreddits` key lists the subreddits it took part in. networkx quirks:
// a one-element list starts with the marker "_networkx_list_start", which is dropped, and the
// literal value "[]" stands for an empty list. The directed reply edges (user -> user, `weight`
// replies) are read and counted in the report but are not part of the bipartite graph.
//
// GML carries no per-(user, subreddit) counts, so every pair becomes one interaction:
// comments = 1, posts = 0. Users with no subreddit stay in the table (assembly drops users
// without edges). Pseudo-users named deleted_speaker_* (deleted accounts, one per conversation
// branch) are dropped unless asked to keep them.
//
// Syntax errors are InputErrors naming file:line. Records that parse but make no sense (a node
// without id or label, a repeated id or label, an edge to an unknown node) are counted by reason
// in the ReadReport; more than max_malformed_fraction of them is an InputError.
#pragma once

#include <cstdint>
#include <string>

#include "graph/ingest/edge_table.h"
#include "graph/ingest/read_report.h"

namespace zipp::graph {

enum class DeletedSpeakers { kDrop, kKeep };

inline constexpr std::string_view kDeletedSpeakerPrefix = "deleted_speaker_";
inline constexpr std::string_view kNetworkxListStart = "_networkx_list_start";
inline constexpr std::string_view kEmptyListValue = "[]";

struct GmlOptions {
  DeletedSpeakers deleted_speakers = DeletedSpeakers::kDrop;
  double max_malformed_fraction = 0.001;
};

struct GmlReport {
  std::int64_t nodes = 0;  // node records read
  std::int64_t edges = 0;  // well-formed edge records
  std::int64_t self_loops = 0;
  double weight_sum = 0;  // edges without a weight count 1, as in networkx
  double max_weight = 0;
  std::int64_t list_markers = 0;               // "_networkx_list_start" values dropped
  std::int64_t subreddit_entries = 0;          // `subreddits` values after dropping the markers
  std::int64_t empty_list_values = 0;          // of which the literal "[]"
  std::int64_t distinct_subreddit_values = 0;  // including "[]" when it occurs
  std::int64_t duplicate_pairs = 0;   // a subreddit repeated in one node's list (counted once)
  std::int64_t pairs = 0;             // real (user, subreddit) pairs over every node
  std::int64_t deleted_speakers = 0;  // labels starting with deleted_speaker_
  std::int64_t deleted_speakers_dropped = 0;
  std::int64_t pairs_dropped = 0;  // pairs of the dropped pseudo-users
  ReadReport records;              // nodes and edges; malformed ones by reason
};

// IoError for a missing file.
EdgeTable read_gml_network(const std::string& path, const GmlOptions& options,
                           GmlReport* report = nullptr);

}  // namespace zipp::graph
