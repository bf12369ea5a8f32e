// What this zipp binary was built from: version, git commit, compiler and library versions.
// Written into every run directory so a result can be traced to the code that produced it.
#pragma once

#include <string_view>

namespace zipp::core {

struct BuildInfo {
  std::string_view version;
  std::string_view git_sha;  // "unknown" outside a git checkout
  bool git_dirty;            // tracked files differed from the commit at build time
  std::string_view build_type;
  std::string_view compiler;
  std::string_view torch_version;
  std::string_view mpi_version;  // the MPI standard version of the headers built against
  std::string_view hdf5_version;
  bool nccl_backend;  // the NCCL collective backend was compiled in
  std::string_view nccl_version;
};

// Defined in a source file that the build generates (cmake/ZippWriteBuildInfo.cmake).
const BuildInfo& build_info();

}  // namespace zipp::core
