// graph synth over MPI ranks writes the same graph.h5 as one process: ranks draw alternate
// blocks and rank 0 writes them in order (graph/synth/synth_graph.h).
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "graph/synth/synth_graph.h"
#include "graph/validate.h"
#include "tests/graph/synth/h5_compare.h"
#include "tests/graph/synth/small_world.h"

namespace zipp::graph::synth {
namespace {

using testing::kSeed;
using testing::small_config;
using testing::small_graph_config;
using testing::small_world;

TEST(SynthMpi, EveryRankCountWritesTheSameFile) {
  const auto comm = core::comm::Communicator::world();
  // One directory for the job, named by rank 0's pid.
  const std::int64_t pid = core::comm::broadcast_ints(comm, {::getpid()}, 0)[0];
  const auto dir =
      std::filesystem::temp_directory_path() / ("zipp_synth_mpi_" + std::to_string(pid));
  if (comm.rank() == 0) std::filesystem::create_directories(dir);
  comm.barrier();

  SynthConfig c = small_config(5000, 300);
  c.block_users = 333;  // 16 blocks: every rank draws several
  const World w = small_world(c);
  const SynthSummary summary =
      write_synthetic_graph(w, small_graph_config(), kSeed, dir / "ranks.h5", comm);
  EXPECT_EQ(summary.graph.num_users, 5000);
  EXPECT_GT(summary.graph.num_edges, 5000);

  if (comm.rank() == 0) {
    c.block_users = 5000;
    c.threads = 0;
    write_synthetic_graph(small_world(c), small_graph_config(), kSeed, dir / "one.h5");
    EXPECT_NO_THROW(validate_graph_file(dir / "ranks.h5"));
    EXPECT_EQ(testing::h5_difference(dir / "one.h5", dir / "ranks.h5"), "");
    std::filesystem::remove_all(dir);
  }
  comm.barrier();
}

}  // namespace
}  // namespace zipp::graph::synth
