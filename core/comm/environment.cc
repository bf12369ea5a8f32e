#include "core/comm/environment.h"

#include <array>
#include <string>

#include "core/comm/mpi_handle.h"
#include "core/error.h"
#include "core/log.h"
#include "core/str.h"

namespace zipp::core::comm {
namespace {

constexpr std::array<std::string_view, 4> kLevelNames = {
    "MPI_THREAD_SINGLE", "MPI_THREAD_FUNNELED", "MPI_THREAD_SERIALIZED", "MPI_THREAD_MULTIPLE"};

int to_mpi(ThreadLevel level) {
  switch (level) {
    case ThreadLevel::kSingle:
      return MPI_THREAD_SINGLE;
    case ThreadLevel::kFunneled:
      return MPI_THREAD_FUNNELED;
    case ThreadLevel::kSerialized:
      return MPI_THREAD_SERIALIZED;
    case ThreadLevel::kMultiple:
      return MPI_THREAD_MULTIPLE;
  }
  return MPI_THREAD_SINGLE;
}

ThreadLevel from_mpi(int level) {
  if (level >= MPI_THREAD_MULTIPLE) return ThreadLevel::kMultiple;
  if (level >= MPI_THREAD_SERIALIZED) return ThreadLevel::kSerialized;
  if (level >= MPI_THREAD_FUNNELED) return ThreadLevel::kFunneled;
  return ThreadLevel::kSingle;
}

}  // namespace

std::string_view thread_level_name(ThreadLevel level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

ThreadLevel query_thread_level() {
  if (!mpi_is_running()) {
    throw MpiError("MPI_Query_thread", MPI_ERR_OTHER,
                   "MPI is not running: create a core::comm::Environment first");
  }
  int provided = MPI_THREAD_SINGLE;
  check_mpi(MPI_Query_thread(&provided), "MPI_Query_thread");
  return from_mpi(provided);
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  check_mpi(MPI_Get_library_version(text, &length), "MPI_Get_library_version");
  std::string version(text, static_cast<std::size_t>(length));
  return version.substr(0, version.find_first_of("\r\n"));
}

Environment::Environment(int& argc, char**& argv, ThreadLevel required) {
  int finalized = 0;
  check_mpi(MPI_Finalized(&finalized), "MPI_Finalized");
  if (finalized != 0) {
    throw MpiError("MPI_Init_thread", MPI_ERR_OTHER,
                   "MPI was already finalised in this process and cannot be started again");
  }
  int initialized = 0;
  check_mpi(MPI_Initialized(&initialized), "MPI_Initialized");
  int provided = MPI_THREAD_SINGLE;
  if (initialized != 0) {
    check_mpi(MPI_Query_thread(&provided), "MPI_Query_thread");
  } else {
    // MPI's default handler on MPI_COMM_WORLD is MPI_ERRORS_ARE_FATAL, so a failure here usually
    // ends the process inside the call; the check covers libraries that return instead.
    check_mpi(MPI_Init_thread(&argc, &argv, to_mpi(ThreadLevel::kMultiple), &provided),
              "MPI_Init_thread");
    owns_mpi_ = true;
  }
  provided_ = from_mpi(provided);
  if (provided_ < required) {
    if (owns_mpi_) MPI_Finalize();
    owns_mpi_ = false;
    throw MpiError(
        "MPI_Init_thread", MPI_ERR_OTHER,
        str("zipp needs thread support ", thread_level_name(required),
            " but this MPI library provides only ", thread_level_name(provided_),
            "; use an MPI build with thread support (Open MPI: --enable-mpi-thread-multiple)"));
  }
  check_mpi(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN),
            "MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)");
}

Environment::~Environment() {
  if (!owns_mpi_ || !mpi_is_running()) return;
  if (MPI_Finalize() != MPI_SUCCESS) {
    ZIPP_LOG_ONE(kWarn, "MPI_Finalize failed while shutting down MPI");
  }
}

}  // namespace zipp::core::comm
