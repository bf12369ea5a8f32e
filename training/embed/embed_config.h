// The `embed` configuration section: what `zipp embed` reads (a checkpoint, the graph's users or
// an edge list of new users) and writes (embeddings.h5, docs/formats.md "Embeddings").
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config/section_spec.h"

namespace zipp::training {

struct EmbedConfig {
  static constexpr std::string_view kName = "embed";
  std::string checkpoint = "auto";  // "auto": newest verified in <run.dir>/checkpoints; or a path
  std::string output;               // "" = <run.dir>/embeddings.h5
  std::int64_t top_k = 20;          // attention-ranked subreddits kept per user
  std::int64_t batch_users = 2048;  // users per forward pass
  std::string users;                // "" = every user of graph.h5; else an edge list of new users
  std::int64_t archetype_users = 20000;  // synthetic graphs: users in the NMI check; 0: skip
  std::int64_t threads = 0;  // LibTorch intra-op threads per rank; 0: cores / local ranks

  static void describe(core::config::SectionSpec<EmbedConfig>& spec);

  // `output`, or embeddings.h5 in the run directory when it is empty.
  std::filesystem::path resolve_output(const std::filesystem::path& run_dir) const;
  bool new_users() const { return !users.empty(); }
};

}  // namespace zipp::training
