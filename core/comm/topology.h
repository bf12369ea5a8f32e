// Where this rank sits: its rank, its node and its place on that node. MPI is the source of truth
// (local rank from a shared-memory split); launcher variables are only cross-checked against it
// (core/comm/launcher_env.h). One process per GPU is chosen by local_rank.
#pragma once

#include <string>
#include <vector>

#include "core/comm/communicator.h"

namespace zipp::core::comm {

struct Topology {
  int rank = 0;
  int size = 1;
  int local_rank = 0;  // rank among the ranks sharing this node's memory
  int local_size = 1;
  int node_index = 0;  // nodes numbered in the order of their lowest rank
  int node_count = 1;
  std::string host;  // MPI_Get_processor_name
};

// Collective over `comm`.
Topology discover_topology(const Communicator& comm);

// One rank's view of its process, for `zipp env` and run records.
struct RankInfo {
  int rank = 0;
  std::string host;
  long pid = 0;
  int local_rank = 0;
  int local_size = 1;
  int hardware_threads = 0;       // std::thread::hardware_concurrency
  std::string omp_num_threads;    // OMP_NUM_THREADS as set, empty when unset
  int torch_threads = 0;          // at::get_num_threads (intra-op)
  int torch_interop_threads = 0;  // at::get_num_interop_threads
};

// Every rank's RankInfo, in rank order, on rank 0; an empty vector elsewhere. Collective.
std::vector<RankInfo> gather_rank_info(const Communicator& comm);

}  // namespace zipp::core::comm
