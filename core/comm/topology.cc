#include "core/comm/topology.h"

#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>
#include <unistd.h>

#include "core/comm/control.h"
#include "core/comm/mpi_handle.h"
#include "core/error.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

std::string processor_name() {
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int length = 0;
  check_mpi(MPI_Get_processor_name(name, &length), "MPI_Get_processor_name");
  return std::string(name, length);
}

// RankInfo travels as a line of tab-separated fields: a host name holds no tab.
std::string encode(const RankInfo& info) {
  return str(info.rank, '\t', info.pid, '\t', info.local_rank, '\t', info.local_size, '\t',
             info.hardware_threads, '\t', info.torch_threads, '\t', info.torch_interop_threads,
             '\t', info.host, '\t', info.omp_num_threads);
}

RankInfo decode(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (int i = 0; i < 8; ++i) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string::npos) throw InternalError(str("malformed rank info ", quoted(line)));
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  fields.push_back(line.substr(start));
  RankInfo info;
  info.rank = std::stoi(fields[0]);
  info.pid = std::stol(fields[1]);
  info.local_rank = std::stoi(fields[2]);
  info.local_size = std::stoi(fields[3]);
  info.hardware_threads = std::stoi(fields[4]);
  info.torch_threads = std::stoi(fields[5]);
  info.torch_interop_threads = std::stoi(fields[6]);
  info.host = fields[7];
  info.omp_num_threads = fields[8];
  return info;
}

}  // namespace

Topology discover_topology(const Communicator& comm) {
  Topology topology;
  topology.rank = comm.rank();
  topology.size = comm.size();
  topology.host = processor_name();
  const Communicator node = comm.split_shared();
  topology.local_rank = node.rank();
  topology.local_size = node.size();
  // The first rank of each node joins a "leaders" communicator; its rank there numbers the node.
  const int is_leader = topology.local_rank == 0 ? 1 : 0;
  const Communicator leaders = comm.split(is_leader, topology.rank);
  const std::vector<int64_t> node_info =
      broadcast_ints(node, {leaders.rank(), leaders.size()}, /*root=*/0);
  topology.node_index = static_cast<int>(node_info[0]);
  topology.node_count = static_cast<int>(node_info[1]);
  return topology;
}

std::vector<RankInfo> gather_rank_info(const Communicator& comm) {
  const Topology topology = discover_topology(comm);
  RankInfo info;
  info.rank = topology.rank;
  info.host = topology.host;
  info.pid = static_cast<long>(::getpid());
  info.local_rank = topology.local_rank;
  info.local_size = topology.local_size;
  info.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp != nullptr) info.omp_num_threads = omp;
  info.torch_threads = at::get_num_threads();
  info.torch_interop_threads = at::get_num_interop_threads();

  const std::vector<std::string> lines = gather_strings(comm, encode(info), /*root=*/0);
  std::vector<RankInfo> out;
  out.reserve(lines.size());
  for (const std::string& line : lines) out.push_back(decode(line));
  return out;
}

}  // namespace zipp::core::comm
