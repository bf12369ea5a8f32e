// main() for MPI GoogleTest executables (zipp_add_mpi_gtest in cmake/ZippTesting.cmake): starts
// MPI for the whole run and tags log lines with the rank. Rank 0 prints GoogleTest's usual
// report; the other ranks print only their failures, each line prefixed with the rank, so a run
// on 4 ranks reads like one on 1 unless something differs by rank. Every rank exits non-zero when
// any rank had a failure.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/comm/environment.h"
#include "core/log.h"

namespace {

class RankFailurePrinter : public testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}

  void OnTestPartResult(const testing::TestPartResult& result) override {
    if (!result.failed()) return;
    const std::string where =
        result.file_name() == nullptr
            ? std::string("unknown file")
            : std::string(result.file_name()) + ":" + std::to_string(result.line_number());
    std::fprintf(stderr, "[rank %d] %s: Failure\n[rank %d] %s\n", rank_, where.c_str(), rank_,
                 result.summary());
    std::fflush(stderr);
  }

  void OnTestEnd(const testing::TestInfo& info) override {
    if (info.result()->Failed()) {
      std::fprintf(stderr, "[rank %d] [  FAILED  ] %s.%s\n", rank_, info.test_suite_name(),
                   info.name());
      std::fflush(stderr);
    }
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  namespace comm = zipp::core::comm;
  comm::Environment environment(argc, argv);
  testing::InitGoogleTest(&argc, argv);
  const comm::Communicator world = comm::Communicator::world();
  zipp::core::set_log_rank(world.rank());
  zipp::core::configure_log_from_env();

  if (world.rank() != 0) {
    testing::TestEventListeners& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(world.rank()));
  }
  const int result = RUN_ALL_TESTS();
  const int64_t worst = comm::allreduce_max_ints(world, {result})[0];
  if (world.rank() == 0 && worst != 0 && result == 0) {
    std::fprintf(stderr, "[rank 0] tests failed on other ranks (see their [rank N] lines)\n");
  }
  return worst == 0 ? 0 : 1;
}
