// Writes the planted ground truth of a synthetic graph under /truth in graph.h5
// (docs/formats.md "Ground truth of synthetic graphs"): the archetype table with its
// vocabularies and aesthetic profiles, each subreddit's archetype and popularity, and per user
// the demographics, archetype mixture, style vector and visual flag, streamed block by block
// beside the graph rows. One thread at a time, like the file it writes into.
#pragma once

#include <memory>

#include "core/io/h5_object.h"
#include "graph/synth/user_block.h"
#include "graph/synth/world.h"

namespace zipp::graph::synth {

inline constexpr std::int64_t kTruthFormatVersion = 1;

class TruthWriter {
 public:
  // Writes /truth's attributes, /truth/archetypes and /truth/subreddits, and opens the user
  // datasets. `file` must outlive the writer.
  TruthWriter(const core::h5::Object& file, const World& world);
  ~TruthWriter();
  TruthWriter(const TruthWriter&) = delete;
  TruthWriter& operator=(const TruthWriter&) = delete;

  // The next block's users (blocks in order, as the graph rows).
  void append(const UserBlock& block);
  // Closes the user datasets; call before the file is committed.
  void close();

 private:
  struct Appenders;
  std::unique_ptr<Appenders> appenders_;
};

}  // namespace zipp::graph::synth
