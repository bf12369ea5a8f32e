// Small CPU-side exchanges that steer the collectives and setup (Horovod's "controller"): row
// counts, shape headers, failure flags and messages. They always travel over MPI on the given
// communicator, whichever backend moves the tensors. Every function is collective: all ranks of
// the communicator call it, in the same order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/comm/communicator.h"

namespace zipp::core::comm {

// Every rank passes the same number of values; the result holds rank 0's values, then rank 1's...
std::vector<int64_t> allgather_ints(const Communicator& comm, const std::vector<int64_t>& local);
// send[r] goes to rank r; result[r] came from rank r. send.size() must equal comm.size().
std::vector<int64_t> alltoall_ints(const Communicator& comm, const std::vector<int64_t>& send);
// Elementwise maximum over ranks; every rank passes the same number of values.
std::vector<int64_t> allreduce_max_ints(const Communicator& comm, std::vector<int64_t> values);
// Elementwise sum over ranks; every rank passes the same number of values.
std::vector<int64_t> allreduce_sum_ints(const Communicator& comm, std::vector<int64_t> values);
// Root's values on every rank; every rank passes a vector of the root's length.
std::vector<int64_t> broadcast_ints(const Communicator& comm, std::vector<int64_t> values,
                                    int root);
// Every rank's string, in rank order, on every rank.
std::vector<std::string> allgather_strings(const Communicator& comm, const std::string& local);
// Every rank's string, in rank order, on `root`; an empty vector elsewhere.
std::vector<std::string> gather_strings(const Communicator& comm, const std::string& local,
                                        int root);
// Byte buffers to every rank (MPI_Alltoallv): send[r] goes to rank r; result[r] came from rank
// r. send.size() must equal comm.size(). Any size: buffers past MPI's int count limit travel in
// several rounds. The buffer to this rank itself is moved, not copied.
std::vector<std::string> alltoallv_bytes(const Communicator& comm, std::vector<std::string> send);

}  // namespace zipp::core::comm
