#include "training/losses/info_nce.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>

#include <ATen/ops/arange.h>
#include <ATen/ops/mm.h>
#include <c10/core/GradMode.h>

#include "core/check.h"
#include "core/error.h"
#include "training/losses/gather_rows.h"

namespace zipp::training {
namespace {

// The keys a rank's queries are scored against, and where its own keys start among them.
struct Keys {
  at::Tensor keys;
  at::Tensor ids;  // undefined when the loss does no masking
  int64_t offset = 0;
};

Keys keys_for(const at::Tensor& k, const at::Tensor& ids, const ContrastiveOptions& options,
              const char* loss) {
  if (options.negatives == Negatives::kLocal) return {k, ids, 0};
  ZIPP_CHECK_T(core::ConfigError, options.collectives != nullptr, loss,
               ": global negatives need a Collectives object, found none");
  GatheredRows gathered = gather_rows(k, *options.collectives);
  Keys out{gathered.rows, at::Tensor(), gathered.offset};
  if (ids.defined()) out.ids = options.collectives->allgather(ids.contiguous());
  return out;
}

void check_heads(const at::Tensor& q, const at::Tensor& k, const char* loss) {
  ZIPP_CHECK(q.dim() == 2 && k.dim() == 2 && q.size(1) == k.size(1), loss,
             ": queries and keys must be [rows, H] with the same H, found ", q.sizes(), " and ",
             k.sizes());
}

void check_log_scale(const at::Tensor& log_scale, const char* loss) {
  ZIPP_CHECK(log_scale.numel() == 1, loss, ": the log-scale must be a scalar, found shape ",
             log_scale.sizes());
}

// [rows, N] logits with false negatives at -inf; the positive of row i is column offset + i.
at::Tensor masked_logits(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& log_scale,
                         double tau, double max_log_scale, int64_t offset,
                         const at::Tensor& query_ids, const at::Tensor& key_ids) {
  const at::Tensor scale = log_scale.reshape({}).clamp_max(max_log_scale).exp().div(tau);
  at::Tensor logits = at::mm(q, keys.t()).mul(scale);
  if (!query_ids.defined() || q.size(0) == 0) return logits;
  const auto index_options = at::TensorOptions().dtype(at::kLong).device(q.device());
  const at::Tensor targets = at::arange(offset, offset + q.size(0), index_options);
  const at::Tensor columns = at::arange(keys.size(0), index_options);
  const at::Tensor same_id =
      query_ids.to(q.device()).unsqueeze(1).eq(key_ids.to(q.device()).unsqueeze(0));
  const at::Tensor positive = columns.unsqueeze(0).eq(targets.unsqueeze(1));
  return logits.masked_fill(same_id.logical_and(positive.logical_not()),
                            -std::numeric_limits<double>::infinity());
}

}  // namespace

at::Tensor masked_info_nce(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& log_scale,
                           int64_t target_offset, const ContrastiveOptions& options,
                           const at::Tensor& query_ids, const at::Tensor& key_ids) {
  const double tau = options.tau;
  check_heads(q, keys, "InfoNCE");
  check_log_scale(log_scale, "InfoNCE");
  ZIPP_CHECK(tau > 0, "InfoNCE: the temperature must be positive, found ", tau);
  ZIPP_CHECK(target_offset >= 0 && target_offset + q.size(0) <= keys.size(0),
             "InfoNCE: the positives of ", q.size(0), " queries from row ", target_offset,
             " do not fit in ", keys.size(0), " keys");
  ZIPP_CHECK(query_ids.defined() == key_ids.defined(),
             "InfoNCE: masking needs both query and key ids, or neither");
  if (query_ids.defined()) {
    ZIPP_CHECK(query_ids.numel() == q.size(0) && key_ids.numel() == keys.size(0),
               "InfoNCE: expected ", q.size(0), " query ids and ", keys.size(0), " key ids, found ",
               query_ids.numel(), " and ", key_ids.numel());
  }
  const at::Tensor logits =
      query_ids.defined()
          ? masked_logits(q, keys, log_scale, tau, options.max_log_scale, target_offset,
                          query_ids.reshape({-1}), key_ids.reshape({-1}))
          : masked_logits(q, keys, log_scale, tau, options.max_log_scale, target_offset, query_ids,
                          key_ids);
  // Zero rows: a 0 that still reaches the inputs, so a collective backward runs on every rank.
  if (q.size(0) == 0) return logits.sum();
  const at::Tensor positives = logits.narrow(1, target_offset, q.size(0)).diagonal();
  return logits.logsumexp(1).sub(positives).mean();
}

at::Tensor link_info_nce(const at::Tensor& q, const at::Tensor& k, const at::Tensor& subreddit_ids,
                         const at::Tensor& log_scale, const ContrastiveOptions& options) {
  check_heads(q, k, "link InfoNCE");
  ZIPP_CHECK(q.size(0) == k.size(0) && subreddit_ids.numel() == q.size(0),
             "link InfoNCE: expected one key and one subreddit id per positive edge, found ",
             q.size(0), " queries, ", k.size(0), " keys, ", subreddit_ids.numel(), " ids");
  const at::Tensor ids = subreddit_ids.reshape({-1}).to(at::kLong);
  const Keys keys = keys_for(k, ids, options, "link InfoNCE");
  return masked_info_nce(q, keys.keys, log_scale, keys.offset, options, ids, keys.ids);
}

InBatchAccuracy link_accuracy(const at::Tensor& q, const at::Tensor& k,
                              const at::Tensor& subreddit_ids, const ContrastiveOptions& options) {
  check_heads(q, k, "link accuracy");
  ZIPP_CHECK(q.size(0) == k.size(0) && subreddit_ids.numel() == q.size(0),
             "link accuracy: expected one key and one subreddit id per positive edge, found ",
             q.size(0), " queries, ", k.size(0), " keys, ", subreddit_ids.numel(), " ids");
  const c10::NoGradGuard no_grad;
  const at::Tensor ids = subreddit_ids.reshape({-1}).to(at::kLong);
  const Keys keys = keys_for(k.detach(), ids, options, "link accuracy");
  InBatchAccuracy out;
  out.rows = q.size(0);
  if (out.rows == 0) return out;
  // The scale is positive, so it cannot change the ranking: use 1.
  const at::Tensor unit = q.new_zeros({});
  at::Tensor logits =
      masked_logits(q.detach(), keys.keys, unit, 1.0, 0.0, keys.offset, ids, keys.ids);
  const at::Tensor positives = logits.narrow(1, keys.offset, out.rows).diagonal().clone();
  logits.narrow(1, keys.offset, out.rows)
      .diagonal()
      .fill_(-std::numeric_limits<double>::infinity());
  out.correct = positives.gt(std::get<0>(logits.max(1))).sum().item<int64_t>();
  return out;
}

at::Tensor align_rows(const at::Tensor& has_vector, int64_t max_pairs) {
  ZIPP_CHECK(has_vector.dim() == 1 && has_vector.scalar_type() == at::kBool,
             "ImageAlign: has_vector must be a 1-d bool tensor, found ", has_vector.sizes(), " ",
             has_vector.scalar_type());
  ZIPP_CHECK(max_pairs >= 0, "ImageAlign: max_pairs must be non-negative, found ", max_pairs);
  const at::Tensor rows = has_vector.nonzero().reshape({-1});
  return rows.narrow(0, 0, std::min(rows.size(0), max_pairs));
}

at::Tensor image_align_info_nce(const at::Tensor& user_heads, const at::Tensor& has_vector,
                                const at::Tensor& visual, const at::Tensor& log_scale,
                                const ContrastiveOptions& options) {
  check_heads(user_heads, visual, "ImageAlign InfoNCE");
  ZIPP_CHECK(has_vector.numel() == user_heads.size(0), "ImageAlign InfoNCE: expected ",
             user_heads.size(0), " has_vector flags (one per batch user), found ",
             has_vector.numel());
  const at::Tensor rows =
      align_rows(has_vector.reshape({-1}).to(at::kBool), options.max_align_pairs);
  const int64_t with_vector = has_vector.to(at::kLong).sum().item<int64_t>();
  ZIPP_CHECK(visual.size(0) == with_vector, "ImageAlign InfoNCE: expected one visual vector per ",
             "user with has_vector set (", with_vector, "), found ", visual.size(0));
  const int64_t pairs = rows.size(0);
  const at::Tensor users = user_heads.index_select(0, rows.to(user_heads.device()));
  const Keys keys =
      keys_for(visual.narrow(0, 0, pairs), at::Tensor(), options, "ImageAlign InfoNCE");
  return masked_info_nce(users, keys.keys, log_scale, keys.offset, options);
}

}  // namespace zipp::training
