// A block of consecutive synthetic users, [first_user, first_user + num_users): their graph rows
// (CSR with relative offsets, names, alignment vectors) and their ground truth. Blocks are the
// unit of work of graph synth: generated on any rank or thread, sent to the writing rank as bytes
// (serialize / deserialize), written in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zipp::graph::synth {

struct UserBlock {
  std::int64_t first_user = 0;
  std::int64_t num_users = 0;
  std::int64_t embed_dim = 0;  // length of each alignment vector

  // Graph rows.
  std::vector<std::string> names;           // [n]
  std::vector<std::int64_t> indptr;         // [n + 1], indptr[0] = 0
  std::vector<std::int32_t> indices;        // [e] subreddit ids, increasing per user
  std::vector<std::int32_t> posts;          // [e]
  std::vector<std::int32_t> comments;       // [e]
  std::vector<std::int64_t> aligned_users;  // [m] absolute ids of the visual users
  std::vector<float> alignment;             // [m * embed_dim] their v_u, L2-normalized

  // Ground truth.
  std::vector<std::int8_t> age_band;      // [n]
  std::vector<std::int8_t> gender;        // [n]
  std::vector<std::int8_t> region;        // [n]
  std::vector<std::int32_t> mixture_ids;  // [n * 3] archetypes by weight, -1 padded
  std::vector<float> mixture_weights;     // [n * 3] their Dirichlet weights, 0 padded
  std::vector<float> style;               // [n * 6] aesthetic profile
  std::vector<float> activity;            // [n] interaction multiplier, mean 1
  std::vector<float> post_share;          // [n] probability an interaction is a post
  std::vector<std::uint8_t> visual;       // [n] 1 for visual users

  std::int64_t num_edges() const { return static_cast<std::int64_t>(indices.size()); }
};

std::vector<std::byte> serialize(const UserBlock& block);
// InputError when the bytes are not a whole serialized block.
UserBlock deserialize(std::span<const std::byte> bytes);

}  // namespace zipp::graph::synth
