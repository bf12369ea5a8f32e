// A move-only handle on an MPI communicator (Kokkos Comm style): it knows whether it owns its MPI
// handle and frees an owned one when destroyed. MPI_COMM_WORLD is borrowed; split() and dup()
// return owned communicators. mpi.h stays out of this header (core/comm/mpi_handle.h).
#pragma once

#include <memory>

namespace zipp::core::comm {

struct CommHandle;  // core/comm/mpi_handle.h

enum class Ownership { kOwned, kBorrowed };

class Communicator {
 public:
  // MPI_COMM_WORLD, borrowed. Needs a live core::comm::Environment.
  static Communicator world();

  // Wraps an MPI handle (from core/comm/mpi_handle.h); kOwned frees it with MPI_Comm_free.
  Communicator(std::unique_ptr<CommHandle> handle, Ownership ownership);
  ~Communicator();
  Communicator(Communicator&& other) noexcept;
  Communicator& operator=(Communicator&& other) noexcept;
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  int rank() const;
  int size() const;
  bool owns_handle() const { return ownership_ == Ownership::kOwned; }

  // The ranks that share this node's memory (MPI_Comm_split_type MPI_COMM_TYPE_SHARED), ordered
  // by rank here. Collective.
  Communicator split_shared() const;
  // Ranks with the same color (>= 0) form one communicator, ordered by key then rank. Collective.
  Communicator split(int color, int key) const;
  // A communicator over the same ranks with its own message space, so traffic on it never
  // matches traffic on this one. Collective.
  Communicator dup() const;
  void barrier() const;

  // The MPI handle; usable only where core/comm/mpi_handle.h is included.
  const CommHandle& handle() const;

 private:
  void release() noexcept;

  std::unique_ptr<CommHandle> handle_;
  Ownership ownership_ = Ownership::kBorrowed;
  int rank_ = -1;
  int size_ = 0;
};

}  // namespace zipp::core::comm
