#include "graph/synth/synth_graph.h"

#include <chrono>
#include <exception>
#include <optional>

#include "core/check.h"
#include "core/comm/agree.h"
#include "core/comm/control.h"
#include "core/comm/point_to_point.h"
#include "core/io/h5_attribute.h"
#include "core/io/h5_object.h"
#include "core/progress.h"
#include "core/random/hash.h"
#include "core/trace/tracer.h"
#include "graph/synth/block_pipeline.h"
#include "graph/synth/truth_writer.h"

namespace zipp::graph::synth {
namespace {

constexpr int kBlockTag = 7301;
constexpr int kDoneTag = 7302;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::int64_t> blocks_of_rank(const World& world, int rank, int size) {
  std::vector<std::int64_t> blocks;
  for (std::int64_t b = rank; b < num_blocks(world); b += size) blocks.push_back(b);
  return blocks;
}

core::Progress make_progress(const World& world) {
  return core::Progress("graph synth", world.num_users(), core::ProgressOptions{.unit = "users"});
}

}  // namespace

World make_world(const SynthConfig& synth, const GraphConfig& graph, std::uint64_t run_seed) {
  return build_world(synth, graph.embedder_options(),
                     core::hash_keys({run_seed, core::hash_text("graph synth")}));
}

struct SynthFileWriter::Parts {
  GraphStreamWriter graph;
  std::optional<TruthWriter> truth;

  Parts(const std::filesystem::path& path, GraphStreamOptions options)
      : graph(path, std::move(options)) {}
};

SynthFileWriter::SynthFileWriter(const std::filesystem::path& path, const World& world,
                                 const GraphConfig& graph, std::uint64_t run_seed) {
  GraphStreamOptions options;
  options.num_subreddits = world.num_subreddits();
  options.alignment_dim = world.embed_dim;
  options.heldout = graph.heldout_options(run_seed);
  options.source =
      core::str("zipp graph synth: ", world.num_users(), " users, ", world.num_subreddits(),
                " subreddits, ", world.num_archetypes(), " archetypes, run seed ", run_seed);
  parts_ = std::make_unique<Parts>(path, std::move(options));
  {
    ZIPP_TRACE_SCOPE("synth_subreddit_features", kCompute);
    parts_->graph.write_subreddits(world.names, world.descriptions,
                                   subreddit_features(world, graph.embedder_options()));
  }
  parts_->truth.emplace(parts_->graph.file(), world);
  core::h5::set_attribute(core::h5::open_group(parts_->graph.file(), "/truth"), "run_seed",
                          static_cast<std::int64_t>(run_seed));
}

SynthFileWriter::~SynthFileWriter() = default;

void SynthFileWriter::add(const UserBlock& b) {
  ZIPP_TRACE_SCOPE("synth_write_block", kIo);
  parts_->graph.append_users(UserRowsView{.first_user = b.first_user,
                                          .names = b.names,
                                          .indptr = b.indptr,
                                          .indices = b.indices,
                                          .posts = b.posts,
                                          .comments = b.comments,
                                          .aligned_users = b.aligned_users,
                                          .alignment = b.alignment});
  parts_->truth->append(b);
}

GraphStreamSummary SynthFileWriter::finish() {
  ZIPP_TRACE_SCOPE("synth_finish", kIo);
  parts_->truth->close();
  return parts_->graph.finish();
}

SynthSummary write_synthetic_graph(const World& world, const GraphConfig& graph,
                                   std::uint64_t run_seed, const std::filesystem::path& path) {
  const auto start = std::chrono::steady_clock::now();
  SynthFileWriter writer(path, world, graph, run_seed);
  std::vector<std::int64_t> blocks(static_cast<std::size_t>(num_blocks(world)));
  for (std::size_t b = 0; b < blocks.size(); ++b) blocks[b] = static_cast<std::int64_t>(b);
  BlockPipeline pipeline(world, std::move(blocks), world.config.threads);
  core::Progress progress = make_progress(world);
  while (!pipeline.done()) {
    const UserBlock block = pipeline.next();
    writer.add(block);
    progress.advance(block.num_users);
  }
  progress.finish();
  SynthSummary summary{writer.finish(), 0};
  summary.seconds = seconds_since(start);
  return summary;
}

SynthSummary write_synthetic_graph(const World& world, const GraphConfig& graph,
                                   std::uint64_t run_seed, const std::filesystem::path& path,
                                   const core::comm::Communicator& comm) {
  const auto start = std::chrono::steady_clock::now();
  const int rank = comm.rank();
  const int size = comm.size();
  const core::comm::Communicator channel = comm.dup();
  std::optional<SynthFileWriter> writer;
  core::comm::agree_on_setup(
      comm,
      [&] {
        if (rank == 0) writer.emplace(path, world, graph, run_seed);
      },
      "graph synth: opening the graph file");

  core::comm::run_or_abort([&] {
    BlockPipeline pipeline(world, blocks_of_rank(world, rank, size), world.config.threads);
    if (rank == 0) {
      core::Progress progress = make_progress(world);
      for (std::int64_t b = 0; b < num_blocks(world); ++b) {
        const int owner = static_cast<int>(b % size);
        UserBlock block;
        if (owner == 0) {
          block = pipeline.next();
        } else {
          ZIPP_TRACE_SCOPE("synth_receive_block", kCommunication);
          block = deserialize(core::comm::recv_bytes(channel, owner, kBlockTag));
        }
        ZIPP_CHECK(block.first_user == block_begin(world, b), "graph synth: block ", b,
                   " from rank ", owner, " starts at user ", block.first_user, ", expected ",
                   block_begin(world, b));
        writer->add(block);
        progress.advance(block.num_users);
      }
      progress.finish();
    } else {
      // The workers draw the next blocks while this thread sends.
      while (!pipeline.done()) {
        core::comm::send_bytes(channel, serialize(pipeline.next()), 0, kBlockTag);
      }
    }
  });

  // Rank 0 finishes the file alone; the others wait for its word by polling rather than in a
  // spinning collective, which would take a core from the writer on a small node.
  GraphStreamSummary result;
  std::exception_ptr failure;
  if (rank == 0) {
    try {
      result = writer->finish();
    } catch (...) {
      failure = std::current_exception();
    }
    for (int r = 1; r < size; ++r) core::comm::send_bytes(channel, {}, r, kDoneTag);
  } else {
    core::comm::recv_bytes(channel, 0, kDoneTag);
  }
  core::comm::agree_on_setup(
      comm,
      [&] {
        if (failure) std::rethrow_exception(failure);
      },
      "graph synth: writing the graph file");
  writer.reset();
  const std::vector<std::int64_t> shared =
      core::comm::broadcast_ints(comm,
                                 {result.num_users, result.num_subreddits, result.num_edges,
                                  result.num_aligned, result.num_heldout},
                                 0);
  SynthSummary summary{{shared[0], shared[1], shared[2], shared[3], shared[4]}, 0};
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace zipp::graph::synth
