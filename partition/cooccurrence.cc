#include "partition/cooccurrence.h"

#include <algorithm>
#include <numeric>

#include "core/check.h"
#include "core/io/h5_tensor.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/random/hash.h"
#include "partition/user_chunks.h"

namespace zipp::partition {
namespace {

namespace h5 = core::h5;

std::int64_t pairs_of(std::int64_t degree, std::int64_t top_k) {
  const std::int64_t k = std::min(degree, top_k);
  return k * (k - 1) / 2;
}

// The pairs every user would contribute, from /csr/indptr alone.
std::int64_t count_all_pairs(const graph::GraphReader& reader, std::int64_t top_k,
                             std::int64_t chunk_users) {
  const h5::Dataset indptr_set = h5::open_dataset(reader.file(), "/csr/indptr");
  const std::int64_t num_users = reader.meta().num_users;
  const std::int64_t block = std::max<std::int64_t>(chunk_users * 8, 1 << 20);
  std::int64_t total = 0;
  for (std::int64_t begin = 0; begin < num_users; begin += block) {
    const std::int64_t end = std::min(num_users, begin + block);
    const at::Tensor indptr = h5::read_rows(indptr_set, begin, end + 1).contiguous();
    const auto* offsets = indptr.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < end - begin; ++i) {
      total += pairs_of(offsets[i + 1] - offsets[i], top_k);
    }
  }
  return total;
}

struct WeightedPair {
  std::int32_t a;
  std::int32_t b;
  std::int32_t weight;
};

// Sorts the pair keys (a << 32 | b) and counts repeats; frees the keys.
std::vector<WeightedPair> aggregate(std::vector<std::uint64_t>& keys) {
  std::sort(keys.begin(), keys.end());
  std::vector<WeightedPair> pairs;
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    pairs.push_back({static_cast<std::int32_t>(keys[i] >> 32),
                     static_cast<std::int32_t>(keys[i] & 0xffffffffULL),
                     static_cast<std::int32_t>(std::min<std::size_t>(j - i, INT32_MAX))});
    i = j;
  }
  std::vector<std::uint64_t>().swap(keys);
  return pairs;
}

// Keeps a pair when it is among the `neighbors` strongest of either endpoint.
std::vector<bool> strongest(const std::vector<WeightedPair>& pairs, std::int64_t num_subreddits,
                            std::int64_t neighbors) {
  std::vector<std::int64_t> offsets(num_subreddits + 1, 0);
  for (const auto& p : pairs) {
    ++offsets[p.a + 1];
    ++offsets[p.b + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<std::int32_t> incident(offsets.back());  // pair indices, per subreddit
  std::vector<std::int64_t> fill(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    incident[fill[pairs[i].a]++] = static_cast<std::int32_t>(i);
    incident[fill[pairs[i].b]++] = static_cast<std::int32_t>(i);
  }
  std::vector<bool> keep(pairs.size(), false);
  for (std::int64_t s = 0; s < num_subreddits; ++s) {
    auto first = incident.begin() + offsets[s];
    auto last = incident.begin() + offsets[s + 1];
    if (last - first > neighbors) {
      // Heaviest first; ties by pair index so the result does not depend on the sort.
      std::nth_element(first, first + neighbors, last, [&](std::int32_t x, std::int32_t y) {
        return pairs[x].weight != pairs[y].weight ? pairs[x].weight > pairs[y].weight : x < y;
      });
      last = first + neighbors;
    }
    for (auto it = first; it != last; ++it) keep[*it] = true;
  }
  return keep;
}

}  // namespace

CooccurrenceGraph build_cooccurrence(const graph::GraphReader& reader, const StreamOptions& options,
                                     std::uint64_t seed, std::int64_t chunk_users) {
  const std::int64_t num_subreddits = reader.meta().num_subreddits;
  ZIPP_ASSERT(num_subreddits < (std::int64_t{1} << 31), "subreddit ids must fit 32 bits");
  const std::int64_t all_pairs = count_all_pairs(reader, options.top_k, chunk_users);
  const double rate =
      all_pairs <= options.pair_budget ? 1.0 : static_cast<double>(options.pair_budget) / all_pairs;
  const std::uint64_t stream = core::hash_keys({seed, core::hash_text("cooccurrence")});

  CooccurrenceGraph graph;
  std::vector<std::uint64_t> keys;
  keys.reserve(static_cast<std::size_t>(std::min<double>(all_pairs, options.pair_budget * 1.05)));
  std::vector<std::int32_t> order;
  core::Progress progress("partition: co-occurrence", reader.meta().num_users, {.unit = "users"});
  for_each_user_chunk(reader, chunk_users, ChunkData::kCounts, [&](const UserChunk& chunk) {
    for (std::int64_t u = chunk.begin; u < chunk.end; ++u) {
      const std::int64_t lo = chunk.indptr[u - chunk.begin] - chunk.edge_begin();
      const std::int64_t degree = chunk.indptr[u - chunk.begin + 1] - chunk.indptr[u - chunk.begin];
      if (degree < 2) continue;
      if (rate < 1.0) {
        const double draw =
            static_cast<double>(core::mix64(stream ^ core::mix64(u)) >> 11) * 0x1.0p-53;
        if (draw >= rate) continue;
      }
      order.resize(degree);
      std::iota(order.begin(), order.end(), static_cast<std::int32_t>(lo));
      const std::int64_t k = std::min(degree, options.top_k);
      if (degree > k) {
        // The user's strongest subreddits by interaction count, ties to the lower id.
        std::nth_element(order.begin(), order.begin() + k, order.end(),
                         [&](std::int32_t x, std::int32_t y) {
                           const std::int64_t nx = std::int64_t{chunk.posts[x]} + chunk.comments[x];
                           const std::int64_t ny = std::int64_t{chunk.posts[y]} + chunk.comments[y];
                           return nx != ny ? nx > ny : x < y;
                         });
      }
      for (std::int64_t i = 0; i < k; ++i) {
        for (std::int64_t j = i + 1; j < k; ++j) {
          std::uint64_t a = static_cast<std::uint32_t>(chunk.indices[order[i]]);
          std::uint64_t b = static_cast<std::uint32_t>(chunk.indices[order[j]]);
          if (a > b) std::swap(a, b);
          keys.push_back(a << 32 | b);
        }
      }
      ++graph.sampled_users;
    }
    progress.advance(chunk.end - chunk.begin);
  });
  progress.finish();
  graph.sampled_pairs = static_cast<std::int64_t>(keys.size());
  const std::vector<WeightedPair> pairs = aggregate(keys);
  graph.distinct_pairs = static_cast<std::int64_t>(pairs.size());
  const std::vector<bool> keep = strongest(pairs, num_subreddits, options.neighbors);

  graph.indptr.assign(num_subreddits + 1, 0);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (!keep[i]) continue;
    ++graph.indptr[pairs[i].a + 1];
    ++graph.indptr[pairs[i].b + 1];
  }
  std::partial_sum(graph.indptr.begin(), graph.indptr.end(), graph.indptr.begin());
  graph.neighbors.resize(graph.indptr.back());
  graph.weights.resize(graph.indptr.back());
  std::vector<std::int64_t> fill(graph.indptr.begin(), graph.indptr.end() - 1);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (!keep[i]) continue;
    const auto& p = pairs[i];
    graph.neighbors[fill[p.a]] = p.b;
    graph.weights[fill[p.a]++] = p.weight;
    graph.neighbors[fill[p.b]] = p.a;
    graph.weights[fill[p.b]++] = p.weight;
  }
  ZIPP_LOG_INFO("partition: co-occurrence graph of ", num_subreddits, " subreddits from ",
                graph.sampled_users, " sampled users (rate ", rate, "): ", graph.sampled_pairs,
                " pairs, ", graph.distinct_pairs, " distinct, ", graph.num_edges(), " kept");
  return graph;
}

}  // namespace zipp::partition
