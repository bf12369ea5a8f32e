#include "training/features/feature_store.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>

#include "core/check.h"
#include "core/error.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/str.h"

namespace zipp::training {

using core::str;

namespace {

constexpr std::int64_t kFloatBytes = sizeof(float);

// The shard's owned rows, checked before any exchange so a hand-built shard fails here.
const at::Tensor& owned_features(const partition::Shard& shard) {
  const at::Tensor& f = shard.features;
  ZIPP_CHECK_T(core::InputError,
               f.defined() && f.dim() == 2 && f.scalar_type() == at::kFloat &&
                   f.size(0) == shard.num_owned_subreddits(),
               "shard part ", shard.part, ": subreddit features must be float32 [",
               shard.num_owned_subreddits(), ", D] (one row per owned subreddit); found ",
               f.defined() ? str(f.scalar_type(), " ", f.sizes()) : std::string("none"));
  return f;
}

std::string table_bytes(std::int64_t rows, std::int64_t dim) {
  return core::format_human(static_cast<double>(rows * dim * kFloatBytes)) + "B";
}

}  // namespace

std::string_view feature_mode_name(FeatureMode mode) {
  switch (mode) {
    case FeatureMode::kReplicate:
      return "replicate";
    case FeatureMode::kFetch:
      return "fetch";
  }
  return "unknown";
}

FeatureMode parse_feature_mode(std::string_view name) {
  for (const FeatureMode mode : {FeatureMode::kReplicate, FeatureMode::kFetch}) {
    if (feature_mode_name(mode) == name) return mode;
  }
  throw core::ConfigError(
      str("feature mode ", core::quoted(name), " is not known; expected one of replicate, fetch"));
}

FeatureStore::FeatureStore(const partition::Shard& shard, core::comm::Collectives& collectives,
                           FeatureStoreOptions options)
    : shard_(shard), collectives_(collectives), options_(options) {
  ZIPP_CHECK_T(core::ConfigError, options_.cache_rows >= 0,
               "feature cache rows (train.feature_cache_rows) must be >= 0; found ",
               options_.cache_rows);
  ZIPP_CHECK_T(core::InputError,
               shard.part == collectives.rank() && shard.num_parts == collectives.size(),
               "the feature store needs one rank per part: rank ", collectives.rank(), " of ",
               collectives.size(), " holds part ", shard.part, " of ", shard.num_parts);
  dim_ = owned_features(shard).size(1);
  stats_.rows_owned = shard.num_owned_subreddits();
  const std::int64_t local = shard.num_subreddits();
  resident_.resize(static_cast<std::size_t>(local));

  if (options_.mode == FeatureMode::kReplicate) {
    owned_ = gather_full_feature_table(shard, collectives);
    for (std::int64_t i = 0; i < local; ++i) resident_[i] = shard.subreddit_ids[i];
    stats_.rows_cached = shard.global_subreddits - stats_.rows_owned;
    ZIPP_LOG_INFO("feature store: replicate, table ", shard.global_subreddits, " x ", dim_,
                  " float32 (", table_bytes(shard.global_subreddits, dim_), ") on every rank");
    return;
  }
  owned_ = shard.features.contiguous();
  std::iota(resident_.begin(), resident_.begin() + stats_.rows_owned, std::int64_t{0});
  std::fill(resident_.begin() + stats_.rows_owned, resident_.end(), std::int64_t{-1});
  request_slot_.assign(static_cast<std::size_t>(local), -1);
  build_cache();
  ZIPP_LOG_INFO("feature store: fetch, table ", shard.global_subreddits, " x ", dim_, " float32 (",
                table_bytes(shard.global_subreddits, dim_), " in all); rank 0 owns ",
                stats_.rows_owned, " rows and caches ", stats_.rows_cached, " of its ",
                shard.num_halo_subreddits(), " halo rows (cache_rows ", options_.cache_rows, ", ",
                table_bytes(stats_.rows_cached, dim_), ")");
}

// Ranks halo subreddits by how many trainable edges of this shard touch them: held-out edges
// never enter a training block, so they would only waste cache rows.
void FeatureStore::build_cache() {
  const std::int64_t owned = shard_.num_owned_subreddits();
  const std::int64_t halo = shard_.num_halo_subreddits();
  std::vector<std::int64_t> references(static_cast<std::size_t>(halo), 0);
  for (std::int64_t e = 0; e < shard_.num_edges(); ++e) {
    if (shard_.split && shard_.split->heldout[e] != 0) continue;
    const std::int64_t s = shard_.csr.indices[e];
    if (s >= owned) ++references[s - owned];
  }
  // Halo local ids increase with global id, so ties by local id are ties by global id.
  std::vector<std::int64_t> order(static_cast<std::size_t>(halo));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  const std::int64_t keep = std::min(options_.cache_rows, halo);
  std::partial_sort(order.begin(), order.begin() + keep, order.end(),
                    [&](std::int64_t a, std::int64_t b) {
                      return references[a] != references[b] ? references[a] > references[b] : a < b;
                    });
  std::vector<std::int64_t> cached(order.begin(), order.begin() + keep);
  for (std::int64_t& id : cached) id += owned;
  Fetched fetched = fetch(cached, std::string());
  cache_ = std::move(fetched.rows);
  for (std::size_t i = 0; i < cached.size(); ++i) {
    resident_[cached[i]] = owned + fetched.row_of[i];
  }
  stats_.rows_cached = keep;
}

std::string FeatureStore::check_ids(std::span<const std::int64_t> block_local) const {
  const std::int64_t local = shard_.num_subreddits();
  for (std::size_t i = 0; i < block_local.size(); ++i) {
    const std::int64_t id = block_local[i];
    if (id < 0 || id >= local) {
      return str("feature gather on part ", shard_.part, ": local subreddit id ", id,
                 " at block position ", i, " is outside [0, ", local, ")");
    }
  }
  return {};
}

FeatureStore::Fetched FeatureStore::fetch(std::span<const std::int64_t> halo_ids,
                                          const std::string& problem) {
  const int ranks = collectives_.size();
  // Each rank's request starts with a flag: 1 when the sender had bad ids and sends none.
  std::vector<std::int64_t> counts(static_cast<std::size_t>(ranks), 0);
  if (problem.empty()) {
    for (const std::int64_t id : halo_ids) {
      const std::int32_t owner = shard_.subreddit_owner[id];
      ZIPP_ASSERT(owner >= 0 && owner < ranks && owner != shard_.part, "halo subreddit ", id,
                  " of part ", shard_.part, " has owner ", owner);
      ++counts[owner];
    }
  }
  std::vector<std::int64_t> send_rows(counts.size());
  std::vector<std::int64_t> next(counts.size());  // next data slot, in rows received back
  std::int64_t rows = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    send_rows[r] = counts[r] + 1;
    next[r] = rows;
    rows += counts[r];
  }
  std::vector<std::int64_t> request(static_cast<std::size_t>(rows + ranks));
  for (std::size_t r = 0; r < counts.size(); ++r) {
    request[next[r] + r] = problem.empty() ? 0 : 1;
  }
  Fetched fetched;
  fetched.row_of.resize(halo_ids.size());
  if (problem.empty()) {
    for (std::size_t i = 0; i < halo_ids.size(); ++i) {
      const std::int32_t owner = shard_.subreddit_owner[halo_ids[i]];
      const std::int64_t slot = next[owner]++;
      request[slot + owner + 1] = shard_.subreddit_owner_local[halo_ids[i]];
      fetched.row_of[i] = slot;
    }
  }
  const core::comm::AlltoallResult asked = collectives_.alltoallv(
      at::from_blob(request.data(), {static_cast<std::int64_t>(request.size())}, at::kLong),
      send_rows);

  const std::int64_t* ids = asked.tensor.data_ptr<std::int64_t>();
  std::vector<std::int64_t> reply_rows(asked.recv_rows.size());
  std::string bad_ranks;
  std::int64_t offset = 0;
  for (std::size_t r = 0; r < asked.recv_rows.size(); ++r) {
    if (ids[offset] != 0) bad_ranks += str(bad_ranks.empty() ? "" : ", ", r);
    reply_rows[r] = asked.recv_rows[r] - 1;
    offset += asked.recv_rows[r];
  }
  if (!problem.empty()) throw core::InputError(problem);
  if (!bad_ranks.empty()) {
    throw core::CollectiveError(
        str("feature gather: rank(s) ", bad_ranks,
            " passed local subreddit ids outside their shard (see their InputError)"),
        core::ErrorCause::kInput);
  }

  at::Tensor reply = at::empty({offset - ranks, dim_}, at::kFloat);
  float* out = reply.data_ptr<float>();
  const float* source = owned_.data_ptr<float>();
  const std::int64_t owned = shard_.num_owned_subreddits();
  offset = 0;
  for (std::size_t r = 0; r < asked.recv_rows.size(); ++r) {
    for (std::int64_t k = 1; k < asked.recv_rows[r]; ++k) {
      const std::int64_t row = ids[offset + k];
      ZIPP_ASSERT(row >= 0 && row < owned, "rank ", r, " asked part ", shard_.part, " for row ",
                  row, " of its ", owned, " owned subreddits");
      std::memcpy(out, source + row * dim_, static_cast<std::size_t>(dim_ * kFloatBytes));
      out += dim_;
    }
    offset += asked.recv_rows[r];
  }
  core::comm::AlltoallResult answered = collectives_.alltoallv(reply, reply_rows);
  ZIPP_ASSERT(answered.recv_rows == counts, "feature fetch: owners returned ",
              at::IntArrayRef(answered.recv_rows), " rows for requests of ",
              at::IntArrayRef(counts));
  fetched.rows = std::move(answered.tensor);
  return fetched;
}

at::Tensor FeatureStore::gather(std::span<const std::int64_t> block_local) {
  ++stats_.gathers;
  const std::string problem = check_ids(block_local);
  const auto n = static_cast<std::int64_t>(block_local.size());
  const std::int64_t split = owned_.size(0);  // resident rows below it are in owned_

  // Distinct ids neither owned nor cached, each once; request_slot_ is reset before returning.
  std::vector<std::int64_t> missing;
  Fetched fetched;
  if (options_.mode == FeatureMode::kFetch) {
    if (problem.empty()) {
      for (const std::int64_t id : block_local) {
        if (resident_[id] < 0 && request_slot_[id] < 0) {
          request_slot_[id] = static_cast<std::int64_t>(missing.size());
          missing.push_back(id);
        }
      }
    }
    try {
      fetched = fetch(missing, problem);
    } catch (...) {
      for (const std::int64_t id : missing) request_slot_[id] = -1;
      throw;
    }
    stats_.rows_fetched += static_cast<std::int64_t>(missing.size());
    stats_.bytes_fetched += static_cast<std::int64_t>(missing.size()) * dim_ * kFloatBytes;
  } else if (!problem.empty()) {
    throw core::InputError(problem);
  }

  at::Tensor result = at::empty({n, dim_}, at::kFloat);
  float* out = result.data_ptr<float>();
  const float* owned = owned_.data_ptr<float>();
  const float* cache = cache_.defined() ? cache_.data_ptr<float>() : nullptr;
  const float* remote = fetched.rows.defined() ? fetched.rows.data_ptr<float>() : nullptr;
  const auto row_bytes = static_cast<std::size_t>(dim_ * kFloatBytes);
  for (const std::int64_t id : block_local) {
    const std::int64_t row = resident_[id];
    const float* from = row < 0       ? remote + fetched.row_of[request_slot_[id]] * dim_
                        : row < split ? owned + row * dim_
                                      : cache + (row - split) * dim_;
    std::memcpy(out, from, row_bytes);
    out += dim_;
  }
  for (const std::int64_t id : missing) request_slot_[id] = -1;
  return result;
}

at::Tensor gather_full_feature_table(const partition::Shard& shard,
                                     core::comm::Collectives& collectives) {
  const at::Tensor& features = owned_features(shard);
  const std::int64_t owned = shard.num_owned_subreddits();
  std::vector<std::int64_t> owned_ids(shard.subreddit_ids.begin(),
                                      shard.subreddit_ids.begin() + owned);
  const core::comm::GatherResult ids =
      collectives.allgather_with_sizes(at::from_blob(owned_ids.data(), {owned}, at::kLong));
  const at::Tensor rows = collectives.allgather(features.contiguous());

  const std::int64_t total = shard.global_subreddits;
  const std::int64_t dim = features.size(1);
  std::vector<int> owner(static_cast<std::size_t>(total), -1);
  at::Tensor table = at::empty({total, dim}, at::kFloat);
  float* out = table.data_ptr<float>();
  const float* in = rows.data_ptr<float>();
  const std::int64_t* global = ids.tensor.data_ptr<std::int64_t>();
  std::int64_t k = 0;
  for (std::size_t r = 0; r < ids.rows.size(); ++r) {
    for (std::int64_t i = 0; i < ids.rows[r]; ++i, ++k) {
      const std::int64_t g = global[k];
      ZIPP_ASSERT(g >= 0 && g < total, "rank ", r, " owns subreddit ", g, ", outside the ", total,
                  " subreddits of rank ", collectives.rank(), "'s shard");
      ZIPP_ASSERT(owner[g] < 0, "subreddit ", g, " is owned by ranks ", owner[g], " and ", r);
      owner[g] = static_cast<int>(r);
      std::memcpy(out + g * dim, in + k * dim, static_cast<std::size_t>(dim * kFloatBytes));
    }
  }
  const auto unowned = std::find(owner.begin(), owner.end(), -1);
  ZIPP_ASSERT(unowned == owner.end(), "subreddit ", unowned - owner.begin(),
              " is owned by no rank (", std::count(owner.begin(), owner.end(), -1), " of ", total,
              " unowned): the shards are not one partition's");
  return table;
}

}  // namespace zipp::training
