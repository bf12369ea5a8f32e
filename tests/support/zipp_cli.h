// Runs the built `zipp` executable from an end-to-end test, alone or under mpiexec with the MPI
// test environment, with a hang guard.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace zipp::testing {

// The path of the zipp executable this build made.
std::string zipp_executable();

// `zipp args...`; with ranks > 0, `mpiexec -n ranks zipp args...`.
ProcessResult run_zipp(const std::vector<std::string>& args, int ranks = 0,
                       std::chrono::seconds limit = std::chrono::seconds(120));

// The same command started in the background.
std::unique_ptr<BackgroundProcess> start_zipp(const std::vector<std::string>& args, int ranks = 0);

}  // namespace zipp::testing
