// `zipp graph synth` as a library: draws the synthetic world of docs/synthetic-world.md and
// writes it as graph.h5 with its ground truth. Ranks draw disjoint user blocks (block b on rank
// b mod P) while rank 0 writes every block in order, its own and those the others send it, so
// the file's contents do not depend on the number of ranks, threads or the block size.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/comm/communicator.h"
#include "graph/graph_config.h"
#include "graph/graph_stream_writer.h"
#include "graph/synth/synth_config.h"
#include "graph/synth/user_block.h"
#include "graph/synth/world.h"

namespace zipp::graph::synth {

// The world of a run: seed is run.seed (the world's streams derive from it).
World make_world(const SynthConfig& synth, const GraphConfig& graph, std::uint64_t run_seed);

// Writes graph.h5 with /truth for a world, block by block (what rank 0 does).
class SynthFileWriter {
 public:
  SynthFileWriter(const std::filesystem::path& path, const World& world, const GraphConfig& graph,
                  std::uint64_t run_seed);
  ~SynthFileWriter();
  SynthFileWriter(const SynthFileWriter&) = delete;
  SynthFileWriter& operator=(const SynthFileWriter&) = delete;

  void add(const UserBlock& block);
  GraphStreamSummary finish();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

struct SynthSummary {
  GraphStreamSummary graph;
  double seconds = 0;
};

// One process, `world.config.threads` generator threads.
SynthSummary write_synthetic_graph(const World& world, const GraphConfig& graph,
                                   std::uint64_t run_seed, const std::filesystem::path& path);

// Collective over `comm`; the summary is rank 0's, sent to every rank. A failure opening or
// committing the file is agreed on (every rank throws the same CollectiveError); a failure while
// blocks stream aborts the job (core/comm/agree.h run_or_abort), since the other ranks would
// otherwise wait for blocks that never come.
SynthSummary write_synthetic_graph(const World& world, const GraphConfig& graph,
                                   std::uint64_t run_seed, const std::filesystem::path& path,
                                   const core::comm::Communicator& comm);

}  // namespace zipp::graph::synth
