// Reading and cross-checking launcher variables, from a made-up environment.
#include "core/comm/launcher_env.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace zipp::core::comm {
namespace {

LauncherEnv read_from(const std::map<std::string, std::string>& vars) {
  return read_launcher_env([&](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

Topology topology(int rank, int size, int local_rank, int local_size, int nodes) {
  Topology t;
  t.rank = rank;
  t.size = size;
  t.local_rank = local_rank;
  t.local_size = local_size;
  t.node_count = nodes;
  return t;
}

TEST(LauncherEnv, ReadsSlurmVariablesAndKeepsWhatItSaw) {
  const LauncherEnv env = read_from({{"SLURM_JOB_ID", "4242"},
                                     {"SLURM_PROCID", "3"},
                                     {"SLURM_NTASKS", "8"},
                                     {"SLURM_JOB_NODELIST", "gpu[01-02]"},
                                     {"SLURM_CPUS_PER_TASK", "6"},
                                     {"UNRELATED", "x"}});
  EXPECT_TRUE(env.under_slurm());
  EXPECT_FALSE(env.under_mpirun());
  EXPECT_EQ(env.slurm_job_id, "4242");
  EXPECT_EQ(env.slurm_procid, 3);
  EXPECT_EQ(env.slurm_cpus_per_task, 6);
  EXPECT_EQ(env.slurm_job_nodelist, "gpu[01-02]");
  EXPECT_FALSE(env.slurm_localid.has_value());
  ASSERT_EQ(env.seen.size(), 5U);
  EXPECT_EQ(env.seen[0].name, "SLURM_JOB_ID");
  EXPECT_EQ(env.seen[0].value, "4242");
  EXPECT_TRUE(env.problems.empty());
}

TEST(LauncherEnv, MalformedIntegersAreReportedNotFatal) {
  const LauncherEnv env = read_from({{"SLURM_PROCID", "x3"}, {"SLURM_NTASKS", "99999999999"}});
  EXPECT_FALSE(env.slurm_procid.has_value());
  EXPECT_FALSE(env.slurm_ntasks.has_value());
  ASSERT_EQ(env.problems.size(), 2U);
  EXPECT_EQ(env.problems[1], "SLURM_PROCID='x3' is not an integer; ignored");
  // Problems come first in the cross-check report.
  const std::vector<std::string> report = cross_check(env, topology(0, 1, 0, 1, 1));
  EXPECT_EQ(report, env.problems);
}

TEST(LauncherEnv, SlurmMismatchesAreDescribed) {
  const LauncherEnv env = read_from({{"SLURM_JOB_ID", "7"},
                                     {"SLURM_PROCID", "3"},
                                     {"SLURM_NTASKS", "4"},
                                     {"SLURM_LOCALID", "1"},
                                     {"SLURM_STEP_NUM_NODES", "2"}});
  EXPECT_TRUE(cross_check(env, topology(3, 4, 1, 2, 2)).empty());
  const std::vector<std::string> report = cross_check(env, topology(1, 4, 1, 2, 1));
  EXPECT_EQ(report, (std::vector<std::string>{"SLURM_PROCID=3 but MPI rank is 1",
                                              "SLURM_STEP_NUM_NODES=2 but MPI node count is 1"}));
}

TEST(LauncherEnv, UnderMpirunSlurmTaskVariablesAreNotCompared) {
  // mpirun inside an allocation: SLURM_PROCID belongs to the node's daemon, not the rank.
  const LauncherEnv env = read_from({{"SLURM_JOB_ID", "7"},
                                     {"SLURM_PROCID", "0"},
                                     {"OMPI_COMM_WORLD_RANK", "2"},
                                     {"OMPI_COMM_WORLD_SIZE", "4"},
                                     {"OMPI_COMM_WORLD_LOCAL_RANK", "2"},
                                     {"PMIX_RANK", "2"}});
  EXPECT_TRUE(env.under_mpirun());
  EXPECT_TRUE(cross_check(env, topology(2, 4, 2, 4, 1)).empty());
  const std::vector<std::string> report = cross_check(env, topology(2, 3, 0, 3, 1));
  EXPECT_EQ(report,
            (std::vector<std::string>{"OMPI_COMM_WORLD_SIZE=4 but MPI size is 3",
                                      "OMPI_COMM_WORLD_LOCAL_RANK=2 but MPI local rank is 0"}));
}

}  // namespace
}  // namespace zipp::core::comm
