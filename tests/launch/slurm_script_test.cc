// The sbatch script of `zipp slurm render` (launch/slurm/): every #SBATCH line, the step command,
// validation of every value that reaches the script, and quoting that keeps hostile values inert.
// The rendered script is also run by bash with fake srun and scontrol programs, which record the
// arguments they receive: values arrive intact, nothing is executed, SIGUSR1 reaching the batch
// shell is forwarded to the step, and exit code 4 requeues the job.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>

#include "core/config/load.h"
#include "core/error.h"
#include "launch/schema.h"
#include "launch/slurm/sbatch_script.h"
#include "launch/slurm/sbatch_submit.h"
#include "launch/slurm/slurm_config.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::launch {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("zipp-slurm-script-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

SbatchInputs inputs_in(const fs::path& dir) {
  SbatchInputs in;
  in.script = dir / "job.sbatch";
  in.zipp_executable = "/opt/zipp/bin/zipp";
  in.config_file = dir / "job.config.yaml";
  in.work_dir = dir;
  in.output = dir / "slurm-%j.out";
  return in;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> sbatch_lines(const std::string& script) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(script)) {
    if (line.starts_with("#SBATCH")) out.push_back(line);
  }
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_program(const fs::path& path, const std::string& text) {
  {
    std::ofstream out(path);
    out << text;
  }
  fs::permissions(path, fs::perms::owner_all);
}

// The message of the ConfigError `fn` throws, or "" when it throws none.
template <class Fn>
std::string config_error(Fn fn) {
  try {
    fn();
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return {};
}

TEST(SlurmTime, AcceptsEverySlurmFormatAndRejectsTheRest) {
  EXPECT_EQ(parse_slurm_time("90"), 90 * 60);
  EXPECT_EQ(parse_slurm_time("10:30"), 10 * 60 + 30);
  EXPECT_EQ(parse_slurm_time("01:30:00"), 5400);
  EXPECT_EQ(parse_slurm_time("2-12"), (2 * 24 + 12) * 3600);
  EXPECT_EQ(parse_slurm_time("1-02:03"), (26 * 60 + 3) * 60);
  EXPECT_EQ(parse_slurm_time("1-02:03:04"), (26 * 60 + 3) * 60 + 4);
  for (const char* bad : {"", "abc", "1:2:3:4", "-5", "1-", "1--2", "1h", "01:30:00 ", "1:", ":5",
                          "1-2-3", "9999999999"}) {
    EXPECT_FALSE(parse_slurm_time(bad).has_value()) << bad;
  }
}

TEST(SbatchScript, HasEveryDirectiveOfAFullConfiguration) {
  const fs::path dir = "/scratch/runs/big";
  SbatchInputs in = inputs_in(dir);
  in.slurm.nodes = 2;
  in.slurm.tasks_per_node = 4;
  in.slurm.gpus_per_task = 1;
  in.slurm.cpus_per_task = 8;
  in.slurm.time = "1-00:00:00";
  in.slurm.partition = "gpu";
  in.slurm.account = "proj_42";
  in.slurm.job_name = "zipp-train";
  in.slurm.signal_seconds = 300;
  const std::string script = render_sbatch_script(in);
  EXPECT_TRUE(script.starts_with("#!/bin/bash\n"));
  const std::vector<std::string> expected = {"#SBATCH --job-name=zipp-train",
                                             "#SBATCH --nodes=2",
                                             "#SBATCH --ntasks-per-node=4",
                                             "#SBATCH --cpus-per-task=8",
                                             "#SBATCH --gpus-per-task=1",
                                             "#SBATCH --time=1-00:00:00",
                                             "#SBATCH --partition=gpu",
                                             "#SBATCH --account=proj_42",
                                             "#SBATCH --chdir=\"/scratch/runs/big\"",
                                             "#SBATCH --output=\"/scratch/runs/big/slurm-%j.out\"",
                                             "#SBATCH --open-mode=append",
                                             "#SBATCH --signal=B:USR1@300",
                                             "#SBATCH --requeue"};
  EXPECT_EQ(sbatch_lines(script), expected);
  EXPECT_NE(script.find("step=(srun --mpi=pmix --kill-on-bad-exit=1 --cpus-per-task=8 "
                        "/opt/zipp/bin/zipp train --config /scratch/runs/big/job.config.yaml)"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("requeue=1\n"), std::string::npos);
  EXPECT_NE(script.find("trap forward_stop USR1"), std::string::npos);
  EXPECT_NE(script.find("scontrol requeue \"$SLURM_JOB_ID\""), std::string::npos);
  // sbatch reads directives only up to the first command: every #SBATCH line comes before it.
  bool command_seen = false;
  for (const auto& line : lines_of(script)) {
    if (line.starts_with("#SBATCH")) {
      EXPECT_FALSE(command_seen) << line;
    } else if (!line.empty() && !line.starts_with("#")) {
      command_seen = true;
    }
  }
}

TEST(SbatchScript, LeavesOutWhatIsNotSetAndHonoursTheLauncherAndStage) {
  SbatchInputs in = inputs_in("/r");
  in.slurm.signal_seconds = 0;
  in.slurm.requeue = false;
  in.slurm.launcher = "mpirun";
  in.slurm.stage = "graph synth";
  const std::string script = render_sbatch_script(in);
  const auto lines = sbatch_lines(script);
  for (const char* absent : {"--gpus-per-task", "--partition", "--account", "--signal"}) {
    for (const auto& line : lines) EXPECT_EQ(line.find(absent), std::string::npos) << line;
  }
  EXPECT_NE(std::find(lines.begin(), lines.end(), "#SBATCH --no-requeue"), lines.end());
  EXPECT_NE(script.find("requeue=0\n"), std::string::npos);
  EXPECT_NE(script.find("step=(mpirun -n \"$SLURM_NTASKS\" /opt/zipp/bin/zipp graph synth "
                        "--config /r/job.config.yaml)"),
            std::string::npos)
      << script;
}

TEST(SbatchScript, ThePipelineRunsInTheBatchShellWithTheJobsTasks) {
  SbatchInputs in = inputs_in("/r");
  in.slurm.nodes = 2;
  in.slurm.tasks_per_node = 4;
  in.slurm.stage = "pipeline";
  const std::string script = render_sbatch_script(in);
  EXPECT_NE(script.find("step=(/opt/zipp/bin/zipp pipeline --config /r/job.config.yaml "
                        "pipeline.ranks=8 pipeline.launcher=srun)"),
            std::string::npos)
      << script;
  EXPECT_EQ(script.find("step=(srun"), std::string::npos) << script;
}

TEST(SbatchScript, ModulesAndEnvironmentAreQuoted) {
  SbatchInputs in = inputs_in("/r");
  in.slurm.modules = {"gcc/12.2", "openmpi/4.1+cuda"};
  in.slurm.extra_env = {"NCCL_DEBUG=WARN", "NOTE=a'; rm -rf / #", "CMD=$(touch x)"};
  const std::string script = render_sbatch_script(in);
  EXPECT_NE(script.find("module load gcc/12.2 ||"), std::string::npos) << script;
  EXPECT_NE(script.find("module load openmpi/4.1+cuda ||"), std::string::npos);
  EXPECT_NE(script.find("export NCCL_DEBUG=WARN\n"), std::string::npos);
  EXPECT_NE(script.find("export NOTE='a'\\''; rm -rf / #'\n"), std::string::npos) << script;
  EXPECT_NE(script.find("export CMD='$(touch x)'\n"), std::string::npos);
}

TEST(SbatchScript, DirectivePathsAreQuotedForSbatch) {
  EXPECT_EQ(sbatch_quote("/a b/c"), "\"/a b/c\"");
  EXPECT_EQ(sbatch_quote("/a\"b\\c#d"), "\"/a\\\"b\\\\c#d\"");
}

TEST(SbatchScript, RejectsValuesThatCannotGoIntoAScript) {
  const auto render_with = [](auto change) {
    return config_error([&] {
      SbatchInputs in = inputs_in("/r");
      change(in);
      render_sbatch_script(in);
    });
  };
  std::string message = render_with([](SbatchInputs& in) { in.slurm.job_name = "a'; rm -rf / #"; });
  EXPECT_NE(message.find("key 'slurm.job_name'"), std::string::npos) << message;
  EXPECT_NE(message.find("found \"a'; rm -rf / #\""), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.partition = "$(touch x)"; });
  EXPECT_NE(message.find("key 'slurm.partition'"), std::string::npos) << message;
  EXPECT_NE(message.find("$(touch x)"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.account = "-A evil"; });
  EXPECT_NE(message.find("key 'slurm.account'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.output = "/r/log\n#SBATCH --uid=0"; });
  EXPECT_NE(message.find("key 'slurm.output'"), std::string::npos) << message;
  EXPECT_NE(message.find("without newline"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.output = "/r/a\nb"; });
  EXPECT_NE(message.find("slurm.output"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.work_dir = std::string("/r/a\0b", 6); });
  EXPECT_NE(message.find("working directory"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.config_file = "relative.yaml"; });
  EXPECT_NE(message.find("expected an absolute path, found 'relative.yaml'"), std::string::npos)
      << message;
  message = render_with([](SbatchInputs& in) { in.slurm.modules = {"gcc", "x; reboot"}; });
  EXPECT_NE(message.find("key 'slurm.modules'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.modules = {"--force"}; });
  EXPECT_NE(message.find("key 'slurm.modules'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.extra_env = {"A B=1"}; });
  EXPECT_NE(message.find("key 'slurm.extra_env'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.extra_env = {"NOVALUE"}; });
  EXPECT_NE(message.find("key 'slurm.extra_env'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.extra_env = {"A=line\nrm -rf /"}; });
  EXPECT_NE(message.find("key 'slurm.extra_env'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.mpi = "pmix;id"; });
  EXPECT_NE(message.find("key 'slurm.mpi'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.stage = "slurm submit"; });
  EXPECT_NE(message.find("key 'slurm.stage'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.stage = "train; id"; });
  EXPECT_NE(message.find("key 'slurm.stage'"), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) { in.slurm.time = "1:2:3:4"; });
  EXPECT_NE(message.find("key 'slurm.time'"), std::string::npos) << message;
  EXPECT_NE(message.find("found \"1:2:3:4\""), std::string::npos) << message;
  message = render_with([](SbatchInputs& in) {
    in.slurm.time = "5";
    in.slurm.signal_seconds = 300;
  });
  EXPECT_NE(message.find("signal_seconds (300) must be less than the time limit"),
            std::string::npos)
      << message;
  message = render_with([](SbatchInputs& in) { in.slurm.nodes = 0; });
  EXPECT_NE(message.find("key 'slurm.nodes'"), std::string::npos) << message;
  EXPECT_TRUE(render_with([](SbatchInputs&) {}).empty());
}

TEST(SlurmSection, LoadingRejectsHostileValuesNamingTheKey) {
  const std::string message = config_error([] {
    core::config::load_config(zipp_schema(), std::nullopt,
                              {"slurm.job_name=x$(touch y)", "slurm.time=soon"});
  });
  EXPECT_NE(message.find("slurm.job_name"), std::string::npos) << message;
  EXPECT_NE(message.find("slurm.time"), std::string::npos) << message;
  const auto config = core::config::load_config(
      zipp_schema(), std::nullopt,
      {"slurm.stage=graph synth", "slurm.extra_env=[A=1, B=x y]", "slurm.launcher=mpirun"});
  EXPECT_EQ(config.get<SlurmConfig>().stage, "graph synth");
  EXPECT_EQ(config.get<SlurmConfig>().extra_env, (std::vector<std::string>{"A=1", "B=x y"}));
}

TEST(SbatchSubmit, ParsesJobIdsAndSearchesPath) {
  EXPECT_EQ(parse_sbatch_job_id("1234\n"), "1234");
  EXPECT_EQ(parse_sbatch_job_id("77;cluster-a\n"), "77");
  EXPECT_FALSE(parse_sbatch_job_id("").has_value());
  EXPECT_FALSE(parse_sbatch_job_id("sbatch: error: invalid partition\n").has_value());
  const fs::path dir = fresh_dir("path");
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  write_program(dir / "b" / "sbatch", "#!/bin/sh\n");
  { std::ofstream not_executable(dir / "a" / "sbatch"); }
  const std::string path = (dir / "a").string() + ":" + (dir / "b").string();
  EXPECT_EQ(find_on_path("sbatch", path), dir / "b" / "sbatch");
  EXPECT_FALSE(find_on_path("sbatch", (dir / "a").string()).has_value());
}

// Fake srun and scontrol for running the rendered script without Slurm: srun records each of its
// arguments on a line of its own, and either exits with FAKE_SRUN_EXIT or, with
// FAKE_SRUN_WAIT_USR1=1, runs until SIGUSR1 and then exits 4 like a stopped zipp step.
void write_fake_slurm(const fs::path& bin, const fs::path& record) {
  fs::create_directories(bin);
  write_program(bin / "srun",
                "#!/bin/bash\n"
                "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" +
                    record.string() +
                    "/srun-args'\n"
                    "if [ \"${FAKE_SRUN_WAIT_USR1:-0}\" = 1 ]; then\n"
                    "  trap 'echo usr1 > \"" +
                    record.string() +
                    "/srun-usr1\"; exit 4' USR1\n"
                    "  touch '" +
                    record.string() +
                    "/srun-started'\n"
                    "  while :; do sleep 0.05; done\n"
                    "fi\n"
                    "exit \"${FAKE_SRUN_EXIT:-0}\"\n");
  write_program(bin / "scontrol",
                "#!/bin/bash\necho \"$@\" >> '" + record.string() + "/scontrol-calls'\n");
}

struct FakeJob {
  fs::path dir;
  fs::path record;
  std::vector<std::string> env;
};

FakeJob fake_job(const std::string& name, SbatchInputs& in) {
  FakeJob job;
  job.dir = fresh_dir(name);
  job.record = job.dir / "record";
  fs::create_directories(job.record);
  write_fake_slurm(job.dir / "bin", job.record);
  const char* path = std::getenv("PATH");
  job.env = {"PATH=" + (job.dir / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"),
             "SLURM_JOB_ID=4242"};
  in.script = job.dir / "job.sbatch";
  {
    std::ofstream out(in.script);
    out << render_sbatch_script(in);
  }
  return job;
}

TEST(SbatchScriptRun, HostileValuesReachTheStepIntactAndRunNothing) {
  SbatchInputs in;
  const fs::path hostile = fresh_dir("hostile") / "it's a $(touch pwned) `touch pwned2` dir";
  fs::create_directories(hostile);
  in.zipp_executable = "/opt/zipp's/zipp";
  in.config_file = hostile / "cfg; touch pwned3.yaml";
  in.work_dir = hostile;
  in.output = hostile / "log";
  in.slurm.extra_env = {"NOTE=a'; touch pwned4 #", "CMD=$(touch pwned5)"};
  FakeJob job = fake_job("hostile-run", in);
  job.env.push_back("FAKE_SRUN_EXIT=0");
  const auto result = zipp::testing::run_process({"/bin/bash", in.script.string()}, job.env,
                                                 std::chrono::seconds(30));
  ASSERT_EQ(result.exit_code(), 0) << result.output;
  const std::vector<std::string> expected = {
      "--mpi=pmix", "--kill-on-bad-exit=1", "--cpus-per-task=1", "/opt/zipp's/zipp", "train",
      "--config",   in.config_file.string()};
  EXPECT_EQ(lines_of(read_file(job.record / "srun-args")), expected);
  for (const fs::path& where : {job.dir, hostile, fs::current_path()}) {
    for (const char* name : {"pwned", "pwned2", "pwned3.yaml", "pwned4", "pwned5"}) {
      EXPECT_FALSE(fs::exists(where / name)) << (where / name);
    }
  }
  EXPECT_FALSE(fs::exists(job.record / "scontrol-calls")) << "exit 0 must not requeue";
  EXPECT_NE(result.output.find("restart=0"), std::string::npos) << result.output;
}

TEST(SbatchScriptRun, AStoppedStepIsRequeuedOnlyWhenRequeueIsOn) {
  for (const bool requeue : {true, false}) {
    SbatchInputs in = inputs_in("/r");
    in.slurm.requeue = requeue;
    FakeJob job = fake_job(requeue ? "requeue-on" : "requeue-off", in);
    job.env.push_back("FAKE_SRUN_EXIT=4");
    const auto result = zipp::testing::run_process({"/bin/bash", in.script.string()}, job.env,
                                                   std::chrono::seconds(30));
    EXPECT_EQ(result.exit_code(), 4) << result.output;
    if (requeue) {
      EXPECT_EQ(read_file(job.record / "scontrol-calls"), "requeue 4242\n") << result.output;
    } else {
      EXPECT_FALSE(fs::exists(job.record / "scontrol-calls"));
    }
  }
  {
    SbatchInputs in = inputs_in("/r");
    FakeJob job = fake_job("outside-slurm", in);
    job.env = {job.env.front(), "SLURM_JOB_ID=", "FAKE_SRUN_EXIT=4"};  // not inside a job
    const auto result = zipp::testing::run_process({"/bin/bash", in.script.string()}, job.env,
                                                   std::chrono::seconds(30));
    EXPECT_EQ(result.exit_code(), 4) << result.output;
    EXPECT_FALSE(fs::exists(job.record / "scontrol-calls"));
    EXPECT_NE(result.output.find("outside a Slurm job"), std::string::npos) << result.output;
  }
  SbatchInputs in = inputs_in("/r");
  FakeJob job = fake_job("failed-step", in);
  job.env.push_back("FAKE_SRUN_EXIT=1");
  const auto result = zipp::testing::run_process({"/bin/bash", in.script.string()}, job.env,
                                                 std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code(), 1) << result.output;
  EXPECT_FALSE(fs::exists(job.record / "scontrol-calls")) << "a failed step must not requeue";
}

TEST(SbatchScriptRun, SigusrToTheBatchShellIsForwardedToTheStep) {
  SbatchInputs in = inputs_in("/r");
  FakeJob job = fake_job("forward", in);
  job.env.push_back("FAKE_SRUN_WAIT_USR1=1");
  zipp::testing::BackgroundProcess shell({"/bin/bash", in.script.string()}, job.env);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!fs::exists(job.record / "srun-started") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(job.record / "srun-started")) << "the fake step never started";
  ASSERT_EQ(kill(shell.pid(), SIGUSR1), 0);
  const auto result = shell.wait(std::chrono::seconds(20));
  ASSERT_TRUE(result.finished) << "the batch shell did not end after SIGUSR1: " << result.output;
  EXPECT_EQ(result.exit_code(), 4) << result.output;
  EXPECT_TRUE(fs::exists(job.record / "srun-usr1")) << result.output;
  EXPECT_EQ(read_file(job.record / "scontrol-calls"), "requeue 4242\n") << result.output;
  EXPECT_NE(result.output.find("forwarding it to the job step"), std::string::npos)
      << result.output;
}

TEST(SlurmCommands, RenderWritesTheScriptAndItsConfigAndSubmitPrintsTheJobId) {
  const fs::path dir = fresh_dir("commands");
  const fs::path bin = dir / "bin";
  fs::create_directories(bin);
  write_program(bin / "sbatch", "#!/bin/bash\necho \"$@\" > '" + (dir / "sbatch-args").string() +
                                    "'\necho '4711;cluster-a'\n");
  const std::vector<std::string> args = {"--config",
                                         std::string(ZIPP_SOURCE_DIR) + "/configs/quickstart.yaml",
                                         "run.dir=" + (dir / "run").string(),
                                         "slurm.tasks_per_node=2",
                                         "slurm.job_name=cli-test",
                                         "-o",
                                         (dir / "job.sbatch").string()};
  std::vector<std::string> render = {zipp::testing::zipp_executable(), "slurm", "render"};
  render.insert(render.end(), args.begin(), args.end());
  const auto rendered = zipp::testing::run_process(render, {}, std::chrono::seconds(60));
  ASSERT_EQ(rendered.exit_code(), 0) << rendered.output;
  EXPECT_NE(rendered.output.find((dir / "job.sbatch").string()), std::string::npos);
  const std::string script = read_file(dir / "job.sbatch");
  EXPECT_NE(script.find("#SBATCH --job-name=cli-test\n"), std::string::npos) << script;
  EXPECT_NE(script.find("#SBATCH --output=\"" + (dir / "run" / "slurm-%j.out").string() + "\""),
            std::string::npos)
      << script;
  EXPECT_NE(script.find(" train --config " + (dir / "job.config.yaml").string()), std::string::npos)
      << script;
  EXPECT_TRUE(fs::is_directory(dir / "run")) << "render creates the log's directory";
  // The resolved configuration beside the script loads and holds the overrides.
  const auto config = core::config::load_config(zipp_schema(), dir / "job.config.yaml", {});
  EXPECT_EQ(config.get<SlurmConfig>().tasks_per_node, 2);
  EXPECT_EQ(config.get<SlurmConfig>().job_name, "cli-test");

  const char* path = std::getenv("PATH");
  std::vector<std::string> submit = {zipp::testing::zipp_executable(), "slurm", "submit"};
  submit.insert(submit.end(), args.begin(), args.end());
  const auto submitted = zipp::testing::run_process(
      submit, {"PATH=" + bin.string() + ":" + (path ? path : "/usr/bin:/bin")},
      std::chrono::seconds(60));
  ASSERT_EQ(submitted.exit_code(), 0) << submitted.output;
  EXPECT_NE(submitted.output.find("4711\n"), std::string::npos) << submitted.output;
  EXPECT_EQ(read_file(dir / "sbatch-args"), "--parsable " + (dir / "job.sbatch").string() + "\n");

  const auto no_sbatch = zipp::testing::run_process(submit, {"PATH=" + (dir / "run").string()},
                                                    std::chrono::seconds(60));
  EXPECT_EQ(no_sbatch.exit_code(), 1) << no_sbatch.output;
  EXPECT_NE(no_sbatch.output.find("sbatch was not found on PATH"), std::string::npos)
      << no_sbatch.output;

  std::vector<std::string> hostile = render;
  hostile.push_back("slurm.partition=gpu'; touch pwned #");
  const auto refused = zipp::testing::run_process(hostile, {}, std::chrono::seconds(60));
  EXPECT_EQ(refused.exit_code(), 2) << refused.output;
  EXPECT_NE(refused.output.find("key 'slurm.partition'"), std::string::npos) << refused.output;
}

}  // namespace
}  // namespace zipp::launch
