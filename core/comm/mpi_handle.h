// Internal to core/comm: the MPI handle behind a Communicator and the return-code check. Only .cc
// files include this header, so mpi.h stays out of zipp's public headers.
#pragma once

// Only MPI's C API: Open MPI's and MPICH's mpi.h otherwise pull in the deprecated C++ bindings,
// whose symbols live in a library zipp does not link.
#ifndef OMPI_SKIP_MPICXX
#define OMPI_SKIP_MPICXX 1
#endif
#ifndef MPICH_SKIP_MPICXX
#define MPICH_SKIP_MPICXX 1
#endif
#include <string_view>

#include <mpi.h>

#include "core/comm/communicator.h"

namespace zipp::core::comm {

// What Communicator keeps behind its opaque pointer.
struct CommHandle {
  MPI_Comm comm = MPI_COMM_NULL;
};

// The MPI_Comm of a communicator (MPI_COMM_NULL never: a moved-from communicator throws).
inline MPI_Comm mpi_comm(const Communicator& communicator) { return communicator.handle().comm; }

// Throws MpiError naming `op` with MPI_Error_string's text when rc is not MPI_SUCCESS. Needs
// MPI_ERRORS_RETURN on the communicator (Environment sets it on MPI_COMM_WORLD; communicators
// derived from it inherit it), otherwise MPI aborts before returning a code.
void check_mpi(int rc, std::string_view op);

// True between MPI_Init and MPI_Finalize: destructors use it to skip MPI calls after shutdown.
bool mpi_is_running();

}  // namespace zipp::core::comm
