// Starts and stops MPI for the life of one object (Kokkos Comm's RAII environment). Create one in
// main before any Communicator and keep it alive until they are all gone.
#pragma once

#include <string>
#include <string_view>

namespace zipp::core::comm {

// MPI's thread-support levels, in increasing order.
enum class ThreadLevel { kSingle, kFunneled, kSerialized, kMultiple };

std::string_view thread_level_name(ThreadLevel level);

// The thread level MPI provides in this process (MPI_Query_thread), for code that does not hold
// the Environment, such as `zipp env`. Needs MPI to be running.
ThreadLevel query_thread_level();

// The MPI library's own description (MPI_Get_library_version), first line only, e.g.
// "Open MPI v4.1.4, package: Debian OpenMPI, ...". Callable before MPI starts.
std::string mpi_library_version();

class Environment {
 public:
  // Calls MPI_Init_thread asking for kMultiple, so provided() reports the most this MPI library
  // offers, and throws core::MpiError when it provides less than `required` (naming both). zipp
  // makes MPI calls from one thread at a time, hence the kSerialized default.
  //
  // Sets MPI_ERRORS_RETURN on MPI_COMM_WORLD so every MPI call returns its code to be checked
  // (core/comm/mpi_handle.h) instead of aborting. When MPI is already initialised (by a host
  // program or a test harness) it only checks the level, and leaves finalising to its owner.
  Environment(int& argc, char**& argv, ThreadLevel required = ThreadLevel::kSerialized);
  // Calls MPI_Finalize unless MPI was finalised already or this object did not start it.
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  ThreadLevel provided() const { return provided_; }
  // True when this object called MPI_Init_thread (and so will call MPI_Finalize).
  bool owns_mpi() const { return owns_mpi_; }

 private:
  ThreadLevel provided_ = ThreadLevel::kSingle;
  bool owns_mpi_ = false;
};

}  // namespace zipp::core::comm
