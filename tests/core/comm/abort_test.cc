// A rank that fails inside a loop of collectives must end the job rather than leave the others
// waiting: runs abort_helper under mpiexec and checks that the job ends, non-zero, with the
// failing rank's message. A 60 s guard stops the job if it hangs, and fails the test.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "tests/support/process.h"

namespace {

void expect_job_aborts(int ranks) {
  std::vector<std::string> args = zipp::testing::mpiexec_command(ranks);
  args.push_back(ZIPP_ABORT_HELPER);
  const auto job =
      zipp::testing::run_process(args, zipp::testing::mpi_test_env(), std::chrono::seconds(60));
  ASSERT_TRUE(job.finished) << "the job was still running after 60 s: a rank was left waiting\n"
                            << job.output;
  const bool failed = WIFSIGNALED(job.status) || WEXITSTATUS(job.status) != 0;
  EXPECT_TRUE(failed) << "mpiexec exited 0\n" << job.output;
  EXPECT_NE(
      job.output.find("E r1 aborting the job: abort_helper: rank 1 failed at step 3 on purpose"),
      std::string::npos)
      << job.output;
}

TEST(AbortJob, FailingRankEndsATwoRankJob) { expect_job_aborts(2); }

TEST(AbortJob, FailingRankEndsAFourRankJob) { expect_job_aborts(4); }

}  // namespace
