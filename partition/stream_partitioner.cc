#include "partition/stream_partitioner.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/check.h"
#include "core/log.h"
#include "core/progress.h"
#include "partition/cooccurrence.h"
#include "partition/metis_kway.h"
#include "partition/user_chunks.h"

namespace zipp::partition {
namespace {

// Step 1: subreddits to parts by METIS on the co-occurrence graph.
std::vector<std::int32_t> seed_subreddit_parts(const graph::GraphReader& reader,
                                               const PartitionOptions& options) {
  const std::int64_t num_subreddits = reader.meta().num_subreddits;
  std::vector<std::int32_t> part(num_subreddits);
  if (num_subreddits <= options.parts) {
    for (std::int64_t s = 0; s < num_subreddits; ++s) part[s] = static_cast<std::int32_t>(s);
    return part;
  }
  const CooccurrenceGraph cooc =
      build_cooccurrence(reader, options.stream, options.seed, options.chunk_users);
  const std::vector<std::int64_t> degrees = subreddit_degrees(reader);
  // Vertex weights must sum below 2^31 in a 32-bit METIS: scale edge counts down when needed.
  const std::int64_t total = std::max<std::int64_t>(1, reader.meta().num_edges);
  const std::int64_t scale = (total >> 30) + 1;
  MetisGraph graph;
  graph.num_constraints = 1;
  graph.xadj.assign(cooc.indptr.begin(), cooc.indptr.end());
  graph.adjncy.assign(cooc.neighbors.begin(), cooc.neighbors.end());
  graph.adjwgt.assign(cooc.weights.begin(), cooc.weights.end());
  graph.vwgt.resize(num_subreddits);
  bool any_weight = false;
  for (std::int64_t s = 0; s < num_subreddits; ++s) {
    graph.vwgt[s] =
        static_cast<idx_t>(degrees[s] == 0 ? 0 : std::max<std::int64_t>(1, degrees[s] / scale));
    any_weight = any_weight || graph.vwgt[s] > 0;
  }
  if (!any_weight) std::fill(graph.vwgt.begin(), graph.vwgt.end(), 1);
  // Users are balanced by the streaming pass; here balance only steers, so it is looser.
  return metis_part_kway(graph, options.parts, std::max(0.1, 2 * options.tolerance), options.seed,
                         "the subreddit co-occurrence graph");
}

struct Capacity {
  std::int64_t users;
  std::int64_t edges;
};

class UserStreamer {
 public:
  UserStreamer(const graph::GraphReader& reader, const PartitionOptions& options)
      : reader_(reader),
        options_(options),
        parts_(options.parts),
        num_users_(reader.meta().num_users),
        num_edges_(reader.meta().num_edges),
        mean_users_(static_cast<double>(num_users_) / parts_),
        mean_edges_(std::max(1.0, static_cast<double>(num_edges_) / parts_)),
        capacity_{std::max<std::int64_t>(
                      static_cast<std::int64_t>(std::floor((1 + options.tolerance) * mean_users_)),
                      (num_users_ + parts_ - 1) / parts_),
                  static_cast<std::int64_t>(std::floor((1 + options.tolerance) * mean_edges_))},
        users_(parts_, 0),
        edges_(parts_, 0),
        weight_(parts_, 0),
        counts_(static_cast<std::size_t>(parts_) * reader.meta().num_subreddits, 0) {}

  // One pass; user_part is filled (first pass) or refined. Returns the edges cut after the
  // subreddits have moved to the part holding most of their edges.
  std::int64_t pass(int index, std::vector<std::int32_t>& user_part,
                    std::vector<std::int32_t>& subreddit_part) {
    const bool first = index == 0;
    if (first) {
      std::fill(users_.begin(), users_.end(), 0);
      std::fill(edges_.begin(), edges_.end(), 0);
    }
    std::fill(counts_.begin(), counts_.end(), 0);
    const std::int64_t num_subreddits = static_cast<std::int64_t>(subreddit_part.size());
    std::int64_t seen_users = 0;
    std::int64_t seen_edges = 0;
    core::Progress progress(core::str("partition: stream pass ", index + 1), num_edges_,
                            {.unit = "edges"});
    for_each_user_chunk(
        reader_, options_.chunk_users, ChunkData::kIndices, [&](const UserChunk& chunk) {
          for (std::int64_t u = chunk.begin; u < chunk.end; ++u) {
            const auto row = chunk.row(u);
            const auto degree = static_cast<std::int64_t>(row.size());
            std::fill(weight_.begin(), weight_.end(), 0);
            for (const std::int32_t s : row) ++weight_[subreddit_part[s]];
            std::int32_t current = -1;
            if (!first) {
              current = user_part[u];
              --users_[current];
              edges_[current] -= degree;
            }
            const double users_done =
                static_cast<double>(seen_users) / std::max<std::int64_t>(1, num_users_);
            const double edges_done =
                static_cast<double>(seen_edges) / std::max<std::int64_t>(1, num_edges_);
            const std::int32_t p = first ? choose_fresh(degree, users_done, edges_done)
                                         : choose_refined(degree, current);
            user_part[u] = p;
            ++users_[p];
            edges_[p] += degree;
            std::int32_t* counts = counts_.data() + static_cast<std::size_t>(p) * num_subreddits;
            for (const std::int32_t s : row) ++counts[s];
            ++seen_users;
            seen_edges += degree;
          }
          progress.advance(chunk.num_edges());
        });
    progress.finish();
    return move_subreddits(subreddit_part);
  }

  // max / mean - 1 of users or edges per part, whichever is larger.
  double imbalance() const {
    const auto users = *std::max_element(users_.begin(), users_.end());
    const auto edges = *std::max_element(edges_.begin(), edges_.end());
    return std::max(users / mean_users_, num_edges_ == 0 ? 0.0 : edges / mean_edges_) - 1.0;
  }

 private:
  bool fits(std::int32_t p, std::int64_t degree) const {
    return users_[p] + 1 <= capacity_.users && edges_[p] + degree <= capacity_.edges;
  }

  // How far past capacity a part would be with this user; the fallback when nothing fits.
  std::int32_t least_overflow(std::int64_t degree) const {
    std::int32_t best = 0;
    double best_fill = std::numeric_limits<double>::infinity();
    for (std::int32_t p = 0; p < parts_; ++p) {
      const double fill = std::max(
          static_cast<double>(users_[p] + 1) / capacity_.users,
          static_cast<double>(edges_[p] + degree) / std::max<std::int64_t>(1, capacity_.edges));
      if (fill < best_fill) {
        best_fill = fill;
        best = p;
      }
    }
    return best;
  }

  // LDG / Fennel: edges to the part, minus a penalty for a part ahead of an even fill
  // (the share of the stream seen so far), scaled so a part a whole tolerance ahead on a
  // constraint loses what the user takes of that constraint.
  std::int32_t choose_fresh(std::int64_t degree, double users_done, double edges_done) const {
    std::int32_t best = -1;
    double best_score = -std::numeric_limits<double>::infinity();
    // Each constraint is charged for what the user takes of it, in edges: its degree of the
    // edge budget, one mean degree of the user budget. Charging the larger of the two would
    // let light users pile onto parts ahead in users but behind in edges (and heavy users the
    // reverse) until late users fit nowhere.
    const double d = static_cast<double>(degree);
    const double user_cost = std::max(1.0, mean_edges_ / mean_users_);
    for (std::int32_t p = 0; p < parts_; ++p) {
      if (!fits(p, degree)) continue;
      const double users_ahead = std::max(0.0, users_[p] / mean_users_ - users_done);
      const double edges_ahead = std::max(0.0, edges_[p] / mean_edges_ - edges_done);
      const double score =
          weight_[p] - (user_cost * users_ahead + d * edges_ahead) / options_.tolerance;
      if (score > best_score) {
        best_score = score;
        best = p;
      }
    }
    return best >= 0 ? best : least_overflow(degree);
  }

  // A local move: the part with most of the user's edges that has room, staying on ties.
  std::int32_t choose_refined(std::int64_t degree, std::int32_t current) const {
    std::int32_t best = fits(current, degree) ? current : -1;
    std::int64_t best_weight = best >= 0 ? weight_[current] : -1;
    for (std::int32_t p = 0; p < parts_; ++p) {
      if (weight_[p] > best_weight && fits(p, degree)) {
        best_weight = weight_[p];
        best = p;
      }
    }
    return best >= 0 ? best : least_overflow(degree);
  }

  // Each subreddit to the part holding most of its edges (its current part on ties); returns
  // the edges cut afterwards.
  std::int64_t move_subreddits(std::vector<std::int32_t>& subreddit_part) const {
    const std::int64_t num_subreddits = static_cast<std::int64_t>(subreddit_part.size());
    std::int64_t kept = 0;
    for (std::int64_t s = 0; s < num_subreddits; ++s) {
      std::int32_t best = subreddit_part[s];
      std::int64_t best_count = counts_[static_cast<std::size_t>(best) * num_subreddits + s];
      for (std::int32_t p = 0; p < parts_; ++p) {
        const std::int64_t count = counts_[static_cast<std::size_t>(p) * num_subreddits + s];
        if (count > best_count) {
          best_count = count;
          best = p;
        }
      }
      subreddit_part[s] = best;
      kept += best_count;
    }
    return num_edges_ - kept;
  }

  const graph::GraphReader& reader_;
  const PartitionOptions& options_;
  const std::int32_t parts_;
  const std::int64_t num_users_;
  const std::int64_t num_edges_;
  const double mean_users_;
  const double mean_edges_;
  const Capacity capacity_;
  std::vector<std::int64_t> users_;
  std::vector<std::int64_t> edges_;
  std::vector<std::int64_t> weight_;
  std::vector<std::int32_t> counts_;  // [P x S]: edges of part p's users to subreddit s
};

}  // namespace

Partition partition_stream(const graph::GraphReader& reader, const PartitionOptions& options) {
  ZIPP_ASSERT(options.parts >= 2, "partition_stream needs at least 2 parts");
  Partition partition;
  partition.num_parts = options.parts;
  partition.method = Method::kStream;
  partition.seed = options.seed;
  partition.subreddit_part = seed_subreddit_parts(reader, options);
  partition.user_part.assign(reader.meta().num_users, 0);

  UserStreamer streamer(reader, options);
  std::vector<std::int32_t> user_part(partition.user_part.size());
  std::vector<std::int32_t> subreddit_part = partition.subreddit_part;
  // The best pass is the one with the fewest cut edges among those within the tolerance (all
  // of them, short of a graph too small to balance), else the least imbalanced.
  std::int64_t best_cut = std::numeric_limits<std::int64_t>::max();
  double best_excess = std::numeric_limits<double>::infinity();
  for (int pass = 0; pass < options.stream.passes; ++pass) {
    const std::int64_t cut = streamer.pass(pass, user_part, subreddit_part);
    const double share = reader.meta().num_edges == 0
                             ? 0.0
                             : 100.0 * static_cast<double>(cut) / reader.meta().num_edges;
    ZIPP_LOG_INFO("partition: stream pass ", pass + 1, "/", options.stream.passes, ": edge cut ",
                  core::str(std::round(share * 100) / 100), "%");
    const double excess = std::max(0.0, streamer.imbalance() - options.tolerance);
    if (excess < best_excess || (excess == best_excess && cut < best_cut)) {
      best_excess = excess;
      best_cut = cut;
      partition.user_part = user_part;
      partition.subreddit_part = subreddit_part;
    }
  }
  return partition;
}

}  // namespace zipp::partition
