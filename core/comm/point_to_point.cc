#include "core/comm/point_to_point.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <thread>

#include "core/check.h"
#include "core/comm/mpi_handle.h"

namespace zipp::core::comm {
namespace {

int byte_count(std::size_t size) {
  ZIPP_CHECK(size <= static_cast<std::size_t>(INT_MAX), "a point-to-point message of ", size,
             " bytes exceeds MPI's limit of ", INT_MAX, " bytes; send it in smaller parts");
  return static_cast<int>(size);
}

class Backoff {
 public:
  void wait() {
    std::this_thread::sleep_for(delay_);
    delay_ = std::min(delay_ * 2, std::chrono::microseconds(1000));
  }

 private:
  std::chrono::microseconds delay_{20};
};

}  // namespace

void send_bytes(const Communicator& comm, std::span<const std::byte> bytes, int dest, int tag) {
  MPI_Request request = MPI_REQUEST_NULL;
  check_mpi(MPI_Isend(bytes.data(), byte_count(bytes.size()), MPI_BYTE, dest, tag, mpi_comm(comm),
                      &request),
            "MPI_Isend");
  // Polling also drives the transfer: Open MPI moves a large message only inside MPI calls.
  Backoff backoff;
  for (int done = 0;;) {
    check_mpi(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return;
    backoff.wait();
  }
}

std::vector<std::byte> recv_bytes(const Communicator& comm, int source, int tag) {
  MPI_Status status;
  Backoff backoff;
  for (int arrived = 0;;) {
    check_mpi(MPI_Iprobe(source, tag, mpi_comm(comm), &arrived, &status), "MPI_Iprobe");
    if (arrived) break;
    backoff.wait();
  }
  int count = 0;
  check_mpi(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
  std::vector<std::byte> bytes(static_cast<std::size_t>(count));
  check_mpi(MPI_Recv(bytes.data(), count, MPI_BYTE, source, tag, mpi_comm(comm), MPI_STATUS_IGNORE),
            "MPI_Recv");
  return bytes;
}

}  // namespace zipp::core::comm
