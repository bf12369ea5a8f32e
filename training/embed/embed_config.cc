#include "training/embed/embed_config.h"

namespace zipp::training {

void EmbedConfig::describe(core::config::SectionSpec<EmbedConfig>& spec) {
  spec.field("checkpoint", &EmbedConfig::checkpoint,
             "auto: the newest complete checkpoint in <run.dir>/checkpoints that verifies; or the "
             "path of a checkpoint directory (step-<N>)")
      .check([](const std::string& s) { return !s.empty(); }, "must not be empty");
  spec.field("output", &EmbedConfig::output,
             "embeddings.h5 to write (docs/formats.md \"Embeddings\"); empty: "
             "<run.dir>/embeddings.h5");
  spec.field("top_k", &EmbedConfig::top_k,
             "subreddits kept per user, ranked by the second layer's attention (mean over heads)")
      .check([](std::int64_t k) { return k >= 1; }, "must be at least 1");
  spec.field("batch_users", &EmbedConfig::batch_users, "users per forward pass (bounds memory)")
      .check([](std::int64_t n) { return n >= 1; }, "must be at least 1");
  spec.field("users", &EmbedConfig::users,
             "empty: every user of graph.h5; else a TSV/CSV edge list of new users "
             "(docs/formats.md \"Edge list input\") embedded against the graph's subreddits");
  spec.field("archetype_users", &EmbedConfig::archetype_users,
             "synthetic graphs: cluster this many users' embeddings (k-means) and log the NMI "
             "against the planted archetypes (docs/training.md \"Evaluation\"); 0: skip")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
  spec.field("threads", &EmbedConfig::threads,
             "LibTorch intra-op threads per rank; 0: the node's cores divided by its ranks")
      .check([](std::int64_t n) { return n >= 0; }, "must be at least 0");
}

std::filesystem::path EmbedConfig::resolve_output(const std::filesystem::path& run_dir) const {
  return output.empty() ? run_dir / "embeddings.h5" : std::filesystem::path(output);
}

}  // namespace zipp::training
