#include "core/comm/control.h"

#include <algorithm>
#include <climits>

#include "core/check.h"
#include "core/comm/mpi_handle.h"

namespace zipp::core::comm {
namespace {

int as_int_count(int64_t value, const char* what) {
  ZIPP_CHECK(value <= INT_MAX, what, " of ", value, " exceeds MPI's int count limit ", INT_MAX);
  return static_cast<int>(value);
}

// Lengths and displacements for a variable-length exchange of `lengths[r]` chars from rank r.
struct Layout {
  std::vector<int> counts;
  std::vector<int> displs;
  int total = 0;
};

Layout layout_of(const std::vector<int64_t>& lengths) {
  Layout layout;
  int64_t total = 0;
  for (const int64_t length : lengths) {
    layout.counts.push_back(as_int_count(length, "a message length"));
    layout.displs.push_back(as_int_count(total, "the total message length"));
    total += length;
  }
  layout.total = as_int_count(total, "the total message length");
  return layout;
}

std::vector<std::string> split_by(const std::string& joined, const Layout& layout) {
  std::vector<std::string> out;
  out.reserve(layout.counts.size());
  for (std::size_t r = 0; r < layout.counts.size(); ++r) {
    out.push_back(joined.substr(layout.displs[r], layout.counts[r]));
  }
  return out;
}

}  // namespace

std::vector<int64_t> allgather_ints(const Communicator& comm, const std::vector<int64_t>& local) {
  const int n = as_int_count(static_cast<int64_t>(local.size()), "allgather_ints length");
  std::vector<int64_t> out(local.size() * comm.size());
  check_mpi(MPI_Allgather(local.data(), n, MPI_INT64_T, out.data(), n, MPI_INT64_T, mpi_comm(comm)),
            "MPI_Allgather");
  return out;
}

std::vector<int64_t> alltoall_ints(const Communicator& comm, const std::vector<int64_t>& send) {
  ZIPP_CHECK_EQ(static_cast<int64_t>(send.size()), comm.size(),
                "alltoall_ints needs one value per rank");
  std::vector<int64_t> out(send.size());
  check_mpi(MPI_Alltoall(send.data(), 1, MPI_INT64_T, out.data(), 1, MPI_INT64_T, mpi_comm(comm)),
            "MPI_Alltoall");
  return out;
}

std::vector<int64_t> allreduce_max_ints(const Communicator& comm, std::vector<int64_t> values) {
  const int n = as_int_count(static_cast<int64_t>(values.size()), "allreduce_max_ints length");
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data(), n, MPI_INT64_T, MPI_MAX, mpi_comm(comm)),
            "MPI_Allreduce(MPI_MAX)");
  return values;
}

std::vector<int64_t> allreduce_sum_ints(const Communicator& comm, std::vector<int64_t> values) {
  const int n = as_int_count(static_cast<int64_t>(values.size()), "allreduce_sum_ints length");
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, values.data(), n, MPI_INT64_T, MPI_SUM, mpi_comm(comm)),
            "MPI_Allreduce(MPI_SUM)");
  return values;
}

std::vector<int64_t> broadcast_ints(const Communicator& comm, std::vector<int64_t> values,
                                    int root) {
  const int n = as_int_count(static_cast<int64_t>(values.size()), "broadcast_ints length");
  check_mpi(MPI_Bcast(values.data(), n, MPI_INT64_T, root, mpi_comm(comm)), "MPI_Bcast");
  return values;
}

std::vector<std::string> allgather_strings(const Communicator& comm, const std::string& local) {
  const Layout layout = layout_of(allgather_ints(comm, {static_cast<int64_t>(local.size())}));
  std::string joined(static_cast<std::size_t>(layout.total), '\0');
  check_mpi(MPI_Allgatherv(local.data(), layout.counts[comm.rank()], MPI_CHAR, joined.data(),
                           layout.counts.data(), layout.displs.data(), MPI_CHAR, mpi_comm(comm)),
            "MPI_Allgatherv");
  return split_by(joined, layout);
}

std::vector<std::string> gather_strings(const Communicator& comm, const std::string& local,
                                        int root) {
  const int64_t length = static_cast<int64_t>(local.size());
  const bool at_root = comm.rank() == root;
  std::vector<int64_t> lengths(at_root ? comm.size() : 0);
  check_mpi(
      MPI_Gather(&length, 1, MPI_INT64_T, lengths.data(), 1, MPI_INT64_T, root, mpi_comm(comm)),
      "MPI_Gather");
  const Layout layout = at_root ? layout_of(lengths) : Layout{};
  std::string joined(static_cast<std::size_t>(layout.total), '\0');
  check_mpi(
      MPI_Gatherv(local.data(), as_int_count(length, "a message length"), MPI_CHAR, joined.data(),
                  layout.counts.data(), layout.displs.data(), MPI_CHAR, root, mpi_comm(comm)),
      "MPI_Gatherv");
  if (!at_root) return {};
  return split_by(joined, layout);
}

std::vector<std::string> alltoallv_bytes(const Communicator& comm, std::vector<std::string> send) {
  const int size = comm.size();
  const int self = comm.rank();
  ZIPP_CHECK_EQ(static_cast<int64_t>(send.size()), static_cast<int64_t>(size),
                "alltoallv_bytes needs one buffer per rank");
  std::vector<std::string> out(size);
  out[self] = std::move(send[self]);
  send[self].clear();
  std::vector<int64_t> send_lengths;
  for (const std::string& buffer : send)
    send_lengths.push_back(static_cast<int64_t>(buffer.size()));
  const std::vector<int64_t> recv_lengths = alltoall_ints(comm, send_lengths);

  // Each round moves at most `chunk` bytes between a pair of ranks, so a rank's round buffer
  // stays under MPI's int count limit.
  const int64_t chunk = std::max<int64_t>(1, (int64_t{1} << 30) / size);
  int64_t my_rounds = 0;
  for (const int64_t length : send_lengths) {
    my_rounds = std::max(my_rounds, (length + chunk - 1) / chunk);
  }
  const int64_t rounds = allreduce_max_ints(comm, {my_rounds})[0];

  for (int r = 0; r < size; ++r) {
    if (r != self) out[r].reserve(static_cast<std::size_t>(recv_lengths[r]));
  }
  std::vector<int64_t> send_counts(size);
  std::vector<int64_t> recv_counts(size);
  std::string send_buffer;
  std::string recv_buffer;
  for (int64_t round = 0; round < rounds; ++round) {
    const int64_t start = round * chunk;
    send_buffer.clear();
    for (int r = 0; r < size; ++r) {
      send_counts[r] = std::clamp<int64_t>(send_lengths[r] - start, 0, chunk);
      recv_counts[r] = std::clamp<int64_t>(recv_lengths[r] - start, 0, chunk);
      if (send_counts[r] > 0) send_buffer.append(send[r], start, send_counts[r]);
    }
    const Layout send_layout = layout_of(send_counts);
    const Layout recv_layout = layout_of(recv_counts);
    recv_buffer.resize(static_cast<std::size_t>(recv_layout.total));
    check_mpi(
        MPI_Alltoallv(send_buffer.data(), send_layout.counts.data(), send_layout.displs.data(),
                      MPI_CHAR, recv_buffer.data(), recv_layout.counts.data(),
                      recv_layout.displs.data(), MPI_CHAR, mpi_comm(comm)),
        "MPI_Alltoallv");
    for (int r = 0; r < size; ++r) {
      if (r != self) out[r].append(recv_buffer, recv_layout.displs[r], recv_layout.counts[r]);
    }
  }
  return out;
}

}  // namespace zipp::core::comm
