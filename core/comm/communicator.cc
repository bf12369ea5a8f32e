#include "core/comm/communicator.h"

#include <string>
#include <utility>

#include "core/check.h"
#include "core/comm/mpi_handle.h"
#include "core/error.h"
#include "core/log.h"

namespace zipp::core::comm {

void check_mpi(int rc, std::string_view op) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  if (MPI_Error_string(rc, text, &length) != MPI_SUCCESS) length = 0;
  throw MpiError(std::string(op), rc, length > 0 ? std::string(text, length) : "unknown error");
}

bool mpi_is_running() {
  int initialized = 0;
  int finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized != 0 && finalized == 0;
}

Communicator Communicator::world() {
  ZIPP_CHECK(
      mpi_is_running(),
      "Communicator::world() needs MPI to be running: create a core::comm::Environment first");
  return Communicator(std::make_unique<CommHandle>(CommHandle{MPI_COMM_WORLD}),
                      Ownership::kBorrowed);
}

Communicator::Communicator(std::unique_ptr<CommHandle> handle, Ownership ownership)
    : handle_(std::move(handle)), ownership_(ownership) {
  ZIPP_ASSERT(handle_ != nullptr && handle_->comm != MPI_COMM_NULL,
              "a Communicator needs a valid MPI handle");
  try {
    check_mpi(MPI_Comm_rank(handle_->comm, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(handle_->comm, &size_), "MPI_Comm_size");
  } catch (...) {
    release();
    throw;
  }
}

Communicator::~Communicator() { release(); }

Communicator::Communicator(Communicator&& other) noexcept
    : handle_(std::move(other.handle_)),
      ownership_(other.ownership_),
      rank_(other.rank_),
      size_(other.size_) {
  other.rank_ = -1;
  other.size_ = 0;
}

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    release();
    handle_ = std::move(other.handle_);
    ownership_ = other.ownership_;
    rank_ = std::exchange(other.rank_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void Communicator::release() noexcept {
  if (handle_ && ownership_ == Ownership::kOwned && handle_->comm != MPI_COMM_NULL &&
      mpi_is_running()) {
    // A destructor cannot throw; a failed free leaks one handle, worth a line in the log only.
    if (MPI_Comm_free(&handle_->comm) != MPI_SUCCESS) {
      ZIPP_LOG_ONE(kWarn, "MPI_Comm_free failed while destroying a communicator");
    }
  }
  handle_.reset();
}

const CommHandle& Communicator::handle() const {
  ZIPP_ASSERT(handle_ != nullptr, "use of a moved-from Communicator");
  return *handle_;
}

int Communicator::rank() const {
  ZIPP_ASSERT(handle_ != nullptr, "use of a moved-from Communicator");
  return rank_;
}

int Communicator::size() const {
  ZIPP_ASSERT(handle_ != nullptr, "use of a moved-from Communicator");
  return size_;
}

Communicator Communicator::split_shared() const {
  auto out = std::make_unique<CommHandle>();
  check_mpi(
      MPI_Comm_split_type(handle().comm, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &out->comm),
      "MPI_Comm_split_type(MPI_COMM_TYPE_SHARED)");
  return Communicator(std::move(out), Ownership::kOwned);
}

Communicator Communicator::split(int color, int key) const {
  ZIPP_CHECK_GE(color, 0, "Communicator::split color");
  auto out = std::make_unique<CommHandle>();
  check_mpi(MPI_Comm_split(handle().comm, color, key, &out->comm), "MPI_Comm_split");
  return Communicator(std::move(out), Ownership::kOwned);
}

Communicator Communicator::dup() const {
  auto out = std::make_unique<CommHandle>();
  check_mpi(MPI_Comm_dup(handle().comm, &out->comm), "MPI_Comm_dup");
  return Communicator(std::move(out), Ownership::kOwned);
}

void Communicator::barrier() const { check_mpi(MPI_Barrier(handle().comm), "MPI_Barrier"); }

}  // namespace zipp::core::comm
