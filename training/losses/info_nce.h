// The two contrastive objectives of the encoder (docs/method.md §2, docs/training.md "Losses"):
// link InfoNCE (users against the subreddits of the batch, repeated subreddits masked as false
// negatives) and ImageAlign InfoNCE (users against the batch's projected visual vectors), each
// with in-batch negatives or, with Negatives::kGlobal, the keys of every rank's batch.
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "core/comm/collectives.h"

namespace zipp::training {

inline constexpr double kDefaultTemperature = 0.07;
// The learnable log-scale theta is used as exp(min(theta, kMaxLogScale)) (CLIP's cap of 100).
inline constexpr double kMaxLogScale = 6.0;
// ImageAlign uses at most this many (user, visual vector) pairs of a rank's batch.
inline constexpr int64_t kMaxAlignPairs = 2048;

enum class Negatives { kLocal, kGlobal };

struct ContrastiveOptions {
  double tau = kDefaultTemperature;          // model.tau
  double max_log_scale = kMaxLogScale;       // model.logit_scale_cap
  int64_t max_align_pairs = kMaxAlignPairs;  // ImageAlign only
  Negatives negatives = Negatives::kLocal;
  // Required for Negatives::kGlobal; every rank then calls the loss, and runs its backward
  // pass, in the same order (the gather and its gradient are collectives).
  core::comm::Collectives* collectives = nullptr;
};

// The core of both losses. Row i of `q` [B,H] is scored against every row of `keys` [N,H]:
// l_ij = exp(min(theta, max_log_scale)) * (q_i . k_j) / tau; its positive is column
// target_offset + i. With `query_ids` [B] and `key_ids` [N] (int64) given, a column j other than
// the positive whose id equals query_ids[i] is a false negative and gets logit -inf. Returns the
// mean over the B rows of the cross-entropy; 0 (still connected to the inputs) when B is 0.
// `keys` is already the full key set: options.negatives is not used here.
at::Tensor masked_info_nce(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& log_scale,
                           int64_t target_offset, const ContrastiveOptions& options = {},
                           const at::Tensor& query_ids = {}, const at::Tensor& key_ids = {});

// Link InfoNCE over B positive edges (u_i, s_i): q [B,H] the user heads, k [B,H] the subreddit
// heads (row i is s_i's key), subreddit_ids [B] int64 the s_i. `log_scale` is theta, a scalar.
// The mean over this rank's B rows; with global negatives, the single-process loss of the global
// batch is the sum over ranks of B_r * loss_r / sum_r B_r.
at::Tensor link_info_nce(const at::Tensor& q, const at::Tensor& k, const at::Tensor& subreddit_ids,
                         const at::Tensor& log_scale, const ContrastiveOptions& options = {});

struct InBatchAccuracy {
  int64_t correct = 0;  // rows whose positive has the largest (masked) logit
  int64_t rows = 0;
  double value() const { return rows == 0 ? 0.0 : static_cast<double>(correct) / rows; }
};

// In-batch acc@1 of the link objective, without gradient (ties count as misses, so a collapsed
// encoder scores 0). With global negatives it is collective, like link_info_nce.
InBatchAccuracy link_accuracy(const at::Tensor& q, const at::Tensor& k,
                              const at::Tensor& subreddit_ids,
                              const ContrastiveOptions& options = {});

// Batch rows (ascending, int64) of the users that take part in ImageAlign: the first max_pairs
// rows, in batch order, whose has_vector [B] (bool) is set.
at::Tensor align_rows(const at::Tensor& has_vector, int64_t max_pairs = kMaxAlignPairs);

// ImageAlign InfoNCE: user_heads [B,H] for the whole batch, has_vector [B] bool, visual [M,H] the
// projected alignment vectors of the M users with has_vector set, in batch order. The first
// options.max_align_pairs of those users are scored against the visual vectors of the (global)
// batch, with the objective's own log-scale. No false-negative masking: every user has its own
// vector.
at::Tensor image_align_info_nce(const at::Tensor& user_heads, const at::Tensor& has_vector,
                                const at::Tensor& visual, const at::Tensor& log_scale,
                                const ContrastiveOptions& options = {});

}  // namespace zipp::training
