// Process exit codes of the zipp executable, documented in README.md and docs/operations.md.
#pragma once

namespace zipp::launch {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // the job could not be done (I/O, MPI, internal)
inline constexpr int kExitUsage = 2;       // bad command line or configuration
inline constexpr int kExitInputError = 3;  // bad input data
inline constexpr int kExitStopped = 4;     // stopped by SIGUSR1/SIGTERM after a checkpoint: resume

}  // namespace zipp::launch
