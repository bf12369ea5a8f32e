// Byte messages between two ranks, for pipelines in which one rank consumes what the others
// produce in a fixed order (graph synth: ranks generate user blocks, rank 0 writes them). MPI
// delivers messages between one pair of ranks on one tag in the order they were sent, so a
// receiver that asks each sender in turn sees every sender's blocks in order.
//
// Both calls wait by polling with short sleeps (20 us growing to 1 ms) rather than in MPI's
// blocking calls, which spin: a rank waiting for a message would otherwise hold a core that its
// own worker threads, or another rank on an oversubscribed node, need.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/comm/communicator.h"

namespace zipp::core::comm {

// Sends `bytes` to rank `dest` and returns once the message is on its way and the buffer may be
// reused. core::Error when the message exceeds MPI's int count (2 GiB), MpiError when MPI fails.
void send_bytes(const Communicator& comm, std::span<const std::byte> bytes, int dest, int tag);

// Receives the next message from rank `source` on `tag`, whatever its length.
std::vector<std::byte> recv_bytes(const Communicator& comm, int source, int tag);

}  // namespace zipp::core::comm
