// `zipp generate` as users run it, with the shipped builtin tiny model at few steps (issue 7 items
// 3 and 4): on 2 ranks every job gets a PNG and a sidecar and the manifest lists each once; the
// images are byte for byte those of 1 rank; a run killed with SIGKILL, then damaged (a truncated
// PNG, a deleted sidecar), is finished by a rerun that redraws exactly the missing and corrupt
// images and leaves every other file untouched; SIGTERM on one rank stops both after their batch
// with exit 4 and a manifest of what is finished.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "generation/run/image_files.h"
#include "tests/support/process.h"
#include "tests/support/zipp_cli.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using zipp::testing::run_zipp;

const fs::path& test_dir() {
  static const fs::path dir = fs::path(::testing::TempDir()) / "zipp-generate-cli";
  return dir;
}

// users x prompts x the three methods, by hand as zipp rewrite writes them; one user name that
// needs escaping.
fs::path write_jobs(const std::string& name, int users, int prompts) {
  fs::create_directories(test_dir());
  const fs::path path = test_dir() / name;
  std::ofstream out(path);
  const std::vector<std::string> subjects = {"a red fox", "a lighthouse", "a bowl of fruit",
                                             "a mountain lake"};
  for (int u = 0; u < users; ++u) {
    const std::string user = u == 1 ? "../Odd User" : "user_" + std::to_string(u);
    for (int p = 0; p < prompts; ++p) {
      for (const std::string method : {"no-persona", "zipp-0shot", "zipp-kshot"}) {
        const std::string base = subjects[static_cast<std::size_t>(p) % subjects.size()];
        const std::string style = method == "no-persona" ? "" : (u % 2 ? ", watercolor" : ", neon");
        Json job = {
            {"format_version", 1},    {"job", user + "/p" + std::to_string(p) + "/" + method},
            {"user", user},           {"user_id", u},
            {"method", method},       {"prompt_index", p},
            {"base_prompt", base},    {"examples", 0},
            {"prompt", base + style}, {"seed", 1000 * u + p}};
        out << job.dump() << "\n";
      }
    }
  }
  return path;
}

std::vector<Json> read_lines(const fs::path& path) {
  std::vector<Json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  return lines;
}

std::vector<GenerationJob> jobs_of(const fs::path& path) { return read_generation_jobs(path); }

// The shipped weights; ZIPP_GENERATE_TEST_WEIGHTS points elsewhere (a freshly trained model).
std::string weights_dir() {
  const char* other = std::getenv("ZIPP_GENERATE_TEST_WEIGHTS");
  return other != nullptr ? std::string(other)
                          : std::string(ZIPP_SOURCE_DIR) + "/generation/builtin/weights";
}

std::vector<std::string> generate_args(const std::string& run, const fs::path& jobs,
                                       std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"generate",
                                   "--log-level",
                                   "info",
                                   "run.dir=" + (test_dir() / run).string(),
                                   "generation.jobs=" + jobs.string(),
                                   "generation.builtin_weights=" + weights_dir(),
                                   "generation.steps=3",
                                   "generation.batch=2",
                                   "generation.threads=1",
                                   "trace.enabled=false"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

fs::path images_of(const std::string& run) { return test_dir() / run / "images"; }

// Removes what an earlier invocation of this test left in the run directory.
void fresh(const std::string& run) { fs::remove_all(test_dir() / run); }

// The settings every sidecar of a run records (taken from one of them).
ImageSettings settings_of(const fs::path& sidecar) {
  const Json s = Json::parse(read_file_bytes(sidecar));
  ImageSettings settings{s.at("model"),   s.at("scheduler"), s.at("steps"), s.at("guidance"),
                         s.at("eta"),     s.at("height"),    s.at("width"), s.at("negative_prompt"),
                         s.at("spacing"), std::nullopt};
  if (!s.at("clip_sample_range").is_null()) settings.clip_sample_range = s.at("clip_sample_range");
  return settings;
}

std::int64_t count_sidecars(const fs::path& images) {
  if (!fs::exists(images)) return 0;
  std::int64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(images)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == ".json" && name.find(".tmp.") == std::string::npos) ++n;
  }
  return n;
}

// Every job done, and the manifest lists each exactly once in jobs order.
void expect_complete(const fs::path& images, const std::vector<GenerationJob>& jobs) {
  const auto manifest = read_lines(images / "manifest.jsonl");
  ASSERT_EQ(manifest.size(), jobs.size());
  std::set<std::string> seen;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(manifest[i].at("job"), jobs[i].id);
    EXPECT_TRUE(seen.insert(manifest[i].at("image").get<std::string>()).second);
    const JobFiles files = job_files(images, jobs[i]);
    EXPECT_EQ(manifest[i].at("image"), files.image);
    const ImageCheck c = check_image(files, jobs[i], settings_of(files.sidecar_path));
    EXPECT_EQ(c.state, ImageState::kDone) << jobs[i].id << ": " << c.reason;
  }
  for (const auto& e : fs::recursive_directory_iterator(images)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
  }
}

// "key=value" from the summary line of a run's log.
std::int64_t summary_value(const std::string& output, const std::string& key) {
  const auto line = output.find("generate: summary");
  if (line == std::string::npos) return -1;
  const auto at = output.find(" " + key + "=", line);
  if (at == std::string::npos) return -1;
  return std::stoll(output.substr(at + key.size() + 2));
}

struct FileId {
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileId&) const = default;
};

FileId file_id(const fs::path& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) != 0) return {};
  return {s.st_ino, static_cast<std::int64_t>(s.st_mtim.tv_sec) * 1000000000 + s.st_mtim.tv_nsec};
}

// Waits until `images` holds at least `count` sidecars.
bool wait_for_sidecars(const fs::path& images, std::int64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  while (std::chrono::steady_clock::now() < deadline) {
    if (count_sidecars(images) >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// True once `pid` has ended (gone, or a zombie waiting for its reaper).
bool wait_until_gone(int pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    const auto close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z')
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(GenerateCli, TwoRanksDrawEveryJobOnceAndTheSameBytesAsOneRank) {
  fresh("two");
  fresh("one");
  const fs::path jobs_path = write_jobs("small.jsonl", 3, 2);  // 18 jobs
  const auto jobs = jobs_of(jobs_path);
  const auto two = run_zipp(generate_args("two", jobs_path), 2, std::chrono::seconds(300));
  ASSERT_EQ(two.exit_code(), 0) << two.output;
  EXPECT_EQ(summary_value(two.output, "generated"), 18) << two.output;
  EXPECT_NE(two.output.find("generate rank=1 images="), std::string::npos) << two.output;
  EXPECT_NE(two.output.find("generate total ranks=2 images=18"), std::string::npos) << two.output;
  expect_complete(images_of("two"), jobs);
  // The escaped user stays inside the output directory.
  EXPECT_TRUE(fs::exists(images_of("two") / "%2E.%2FOdd%20User" / "p1-zipp-kshot.png"));

  const auto one = run_zipp(generate_args("one", jobs_path, {"generation.batch=3"}), 1,
                            std::chrono::seconds(300));
  ASSERT_EQ(one.exit_code(), 0) << one.output;
  for (const auto& job : jobs) {
    const JobFiles a = job_files(images_of("one"), job);
    const JobFiles b = job_files(images_of("two"), job);
    EXPECT_EQ(read_file_bytes(a.image_path), read_file_bytes(b.image_path)) << job.id;
  }
  EXPECT_EQ(read_file_bytes(images_of("one") / "manifest.jsonl"),
            read_file_bytes(images_of("two") / "manifest.jsonl"));

  // Opposite style words give different images of the same seed.
  EXPECT_NE(read_file_bytes(job_files(images_of("two"), jobs[1]).image_path),
            read_file_bytes(job_files(images_of("two"), jobs[0]).image_path));

  // A rerun keeps everything.
  const auto again = run_zipp(generate_args("two", jobs_path), 2, std::chrono::seconds(300));
  ASSERT_EQ(again.exit_code(), 0) << again.output;
  EXPECT_EQ(summary_value(again.output, "kept"), 18) << again.output;
  EXPECT_EQ(summary_value(again.output, "generated"), 0) << again.output;

  // The builtin model is clipped by default (auto) with leading spacing; turning clipping off or
  // changing the spacing makes every image stale, and the sidecars record the new setting.
  const ImageSettings drawn = settings_of(job_files(images_of("one"), jobs[0]).sidecar_path);
  EXPECT_EQ(drawn.clip_sample_range, std::optional<double>(1.0));
  EXPECT_EQ(drawn.spacing, "leading");
  for (const std::string change : {"generation.clip_sample=off", "generation.spacing=trailing"}) {
    const auto redrawn =
        run_zipp(generate_args("one", jobs_path, {change}), 1, std::chrono::seconds(300));
    ASSERT_EQ(redrawn.exit_code(), 0) << redrawn.output;
    EXPECT_EQ(summary_value(redrawn.output, "stale"), 18) << change << redrawn.output;
    EXPECT_EQ(summary_value(redrawn.output, "generated"), 18) << change << redrawn.output;
  }
  const ImageSettings last = settings_of(job_files(images_of("one"), jobs[0]).sidecar_path);
  EXPECT_EQ(last.clip_sample_range, std::optional<double>(1.0));
  EXPECT_EQ(last.spacing, "trailing");
}

TEST(GenerateCli, AKilledRunIsFinishedRedrawingOnlyMissingAndCorruptImages) {
  fresh("killed");
  const fs::path jobs_path = write_jobs("killed.jsonl", 8, 4);  // 96 jobs
  const auto jobs = jobs_of(jobs_path);
  const fs::path images = images_of("killed");
  auto job =
      zipp::testing::start_zipp(generate_args("killed", jobs_path, {"generation.batch=1"}), 2);
  ASSERT_TRUE(wait_for_sidecars(images, 6)) << "no images appeared";
  // mpiexec's process group and the ranks themselves, at once; then wait until the ranks are
  // gone, so nothing is written after the files are listed below.
  const std::vector<int> ranks = zipp::testing::child_pids(job->pid());
  ASSERT_EQ(::kill(-job->pid(), SIGKILL), 0);
  for (const int pid : ranks) ::kill(pid, SIGKILL);
  const auto killed = job->wait(std::chrono::seconds(60));
  ASSERT_TRUE(killed.finished);
  for (const int pid : ranks) EXPECT_TRUE(wait_until_gone(pid)) << "rank pid " << pid;
  ASSERT_LT(count_sidecars(images), static_cast<std::int64_t>(jobs.size()))
      << "the run finished before it was killed; the test needs more jobs";

  // What the killed run finished, then damage two of those.
  std::vector<std::size_t> finished;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (fs::exists(job_files(images, jobs[i]).sidecar_path)) finished.push_back(i);
  }
  ASSERT_GE(finished.size(), 6U);
  const JobFiles truncated = job_files(images, jobs[finished[1]]);
  const JobFiles unsealed = job_files(images, jobs[finished[3]]);
  fs::resize_file(truncated.image_path, fs::file_size(truncated.image_path) / 2);
  fs::remove(unsealed.sidecar_path);
  std::map<std::string, std::pair<FileId, FileId>> before;
  for (const std::size_t i : finished) {
    const JobFiles f = job_files(images, jobs[i]);
    before[jobs[i].id] = {file_id(f.image_path), file_id(f.sidecar_path)};
  }

  const auto rerun = run_zipp(generate_args("killed", jobs_path, {"generation.batch=4"}), 2,
                              std::chrono::seconds(600));
  ASSERT_EQ(rerun.exit_code(), 0) << rerun.output;
  const auto kept = static_cast<std::int64_t>(finished.size()) - 2;
  EXPECT_EQ(summary_value(rerun.output, "kept"), kept) << rerun.output;
  EXPECT_EQ(summary_value(rerun.output, "corrupt"), 1) << rerun.output;
  EXPECT_EQ(summary_value(rerun.output, "generated"), static_cast<std::int64_t>(jobs.size()) - kept)
      << rerun.output;
  expect_complete(images, jobs);
  for (const std::size_t i : finished) {
    const JobFiles f = job_files(images, jobs[i]);
    const auto& [png, sidecar] = before[jobs[i].id];
    if (f.image == truncated.image || f.image == unsealed.image) {
      EXPECT_NE(file_id(f.image_path), png) << jobs[i].id << " was not redrawn";
    } else {
      EXPECT_EQ(file_id(f.image_path), png) << jobs[i].id << " was touched";
      EXPECT_EQ(file_id(f.sidecar_path), sidecar) << jobs[i].id << " was touched";
    }
  }
}

TEST(GenerateCli, SigtermOnOneRankStopsBothAfterTheirBatchWithExitFour) {
  fresh("stopped");
  const fs::path jobs_path = write_jobs("stopped.jsonl", 8, 4);  // 96 jobs
  const auto jobs = jobs_of(jobs_path);
  const fs::path images = images_of("stopped");
  auto job =
      zipp::testing::start_zipp(generate_args("stopped", jobs_path, {"generation.batch=1"}), 2);
  ASSERT_TRUE(wait_for_sidecars(images, 4)) << "no images appeared";
  int rank1 = -1;
  for (int pid : zipp::testing::child_pids(job->pid())) {
    if (zipp::testing::mpi_world_rank_of(pid) == 1) rank1 = pid;
  }
  ASSERT_GT(rank1, 0);
  ASSERT_EQ(::kill(rank1, SIGTERM), 0);
  const auto stopped = job->wait(std::chrono::seconds(120));
  ASSERT_EQ(stopped.exit_code(), 4) << stopped.output;
  EXPECT_NE(stopped.output.find("stopped by signal"), std::string::npos) << stopped.output;
  const auto manifest = read_lines(images / "manifest.jsonl");
  EXPECT_EQ(static_cast<std::int64_t>(manifest.size()), count_sidecars(images));
  ASSERT_LT(manifest.size(), jobs.size());
  for (const auto& line : manifest) {
    EXPECT_TRUE(fs::exists(images / line.at("image").get<std::string>()));
  }

  const auto rerun = run_zipp(generate_args("stopped", jobs_path), 2, std::chrono::seconds(600));
  ASSERT_EQ(rerun.exit_code(), 0) << rerun.output;
  EXPECT_EQ(summary_value(rerun.output, "kept"), static_cast<std::int64_t>(manifest.size()))
      << rerun.output;
  expect_complete(images, jobs);
}

TEST(GenerateCli, ABadJobsFileFailsEveryRankNamingTheLine) {
  fs::create_directories(test_dir());
  const fs::path path = test_dir() / "bad.jsonl";
  std::ofstream(path) << R"({"format_version": 1, "job": "a/p0/x", "user": "a", "method": "x",)"
                         R"( "prompt_index": 0, "prompt": "p", "seed": "7"})"
                      << "\n";
  const auto result = run_zipp(generate_args("bad", path), 2);
  EXPECT_EQ(result.exit_code(), 3) << result.output;
  EXPECT_NE(result.output.find("bad.jsonl:1: key 'seed': expected an integer"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace zipp::generation
