// The loop of zipp generate on 1 and 2 ranks with a stand-in sampler (each image a function of its
// seed and prompt alone): every job written once, the manifest in jobs order, a rerun keeps
// every whole image untouched and redraws exactly the missing, corrupt and stale ones, and a
// failing batch is reported without leaving the other ranks waiting.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "core/comm/communicator.h"
#include "core/comm/control.h"
#include "core/error.h"
#include "core/random/hash.h"
#include "generation/run/generate_images.h"

namespace zipp::generation {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kHeight = 6;
constexpr std::int64_t kWidth = 4;

std::vector<GenerationJob> make_jobs(int users) {
  std::vector<GenerationJob> jobs;
  for (int u = 0; u < users; ++u) {
    for (int p = 0; p < 2; ++p) {
      for (const char* method : {"no-persona", "zipp-0shot", "zipp-kshot"}) {
        GenerationJob job;
        job.user = "user_" + std::to_string(u);
        job.prompt_index = p;
        job.method = method;
        job.id = job.user + "/p" + std::to_string(p) + "/" + method;
        job.prompt = "prompt " + std::to_string(p) + " of " + job.user + " " + method;
        job.seed = core::hash_text(job.user + std::to_string(p)) >> 11;
        jobs.push_back(job);
      }
    }
  }
  return jobs;
}

// A sampler whose images depend on the request alone; counts the images it drew.
struct FakeSampler {
  std::int64_t drawn = 0;
  std::string fail_prompt;  // a batch with this prompt throws

  at::Tensor operator()(std::span<const ImageRequest> requests) {
    auto images =
        at::empty({static_cast<std::int64_t>(requests.size()), kHeight, kWidth, 3}, at::kByte);
    auto* data = images.data_ptr<std::uint8_t>();
    for (std::size_t r = 0; r < requests.size(); ++r) {
      if (requests[r].prompt == fail_prompt) throw core::Error("the model ran out of memory");
      for (std::int64_t i = 0; i < kHeight * kWidth * 3; ++i) {
        data[static_cast<std::int64_t>(r) * kHeight * kWidth * 3 + i] = static_cast<std::uint8_t>(
            core::hash_keys({requests[r].seed, core::hash_text(requests[r].prompt),
                             static_cast<std::uint64_t>(i)}) &
            255);
      }
    }
    drawn += static_cast<std::int64_t>(requests.size());
    return images;
  }
};

class GenerateImages : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto comm = core::comm::Communicator::world();
    const std::int64_t pid = core::comm::broadcast_ints(comm, {::getpid()}, 0)[0];
    dir_ = fs::temp_directory_path() /
           ("zipp_generate_mpi_" + std::to_string(pid) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    options_.output = dir_ / "images";
    options_.settings = {"fake/1", "ddim", 4, 7.5, 0.0, kHeight, kWidth, ""};
    options_.batch = 4;
  }

  GenerateReport run(const std::vector<GenerationJob>& jobs, FakeSampler& sampler) {
    const auto comm = core::comm::Communicator::world();
    return generate_images(comm, jobs, options_,
                           [&](std::span<const ImageRequest> r) { return sampler(r); });
  }

  std::vector<nlohmann::json> manifest() const {
    std::vector<nlohmann::json> lines;
    std::ifstream in(manifest_path(options_.output));
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  fs::path dir_;
  GenerateOptions options_;
};

TEST_F(GenerateImages, EveryJobOnceThenARerunKeepsThemAll) {
  const auto jobs = make_jobs(5);
  FakeSampler sampler;
  const GenerateReport first = run(jobs, sampler);
  EXPECT_EQ(first.total.jobs, 30);
  EXPECT_EQ(first.total.generated, 30);
  EXPECT_EQ(first.total.missing, 30);
  EXPECT_EQ(first.total.failed, 0);
  EXPECT_EQ(first.manifest_images, 30);
  EXPECT_EQ(first.rank.generated, sampler.drawn);
  ASSERT_EQ(static_cast<int>(first.ranks.size()), core::comm::Communicator::world().size());
  std::int64_t by_ranks = 0;
  for (const auto& r : first.ranks) by_ranks += r.images;
  EXPECT_EQ(by_ranks, 30);
  for (const auto& r : first.ranks) {  // dealt evenly: 30 over 1 or 2 ranks
    EXPECT_EQ(r.images, 30 / static_cast<std::int64_t>(first.ranks.size())) << r.rank;
  }

  const auto lines = manifest();
  ASSERT_EQ(lines.size(), jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_EQ(lines[i].at("job"), jobs[i].id);
    const fs::path png = options_.output / lines[i].at("image").get<std::string>();
    const RgbImage image = read_png(png);
    EXPECT_EQ(image.height, kHeight);
    EXPECT_EQ(lines[i].at("png_bytes").get<std::int64_t>(),
              static_cast<std::int64_t>(fs::file_size(png)));
    const auto sidecar = nlohmann::json::parse(
        read_file_bytes(options_.output / lines[i].at("sidecar").get<std::string>()));
    EXPECT_EQ(sidecar.at("seed").get<std::uint64_t>(), jobs[i].seed);
    EXPECT_EQ(sidecar.at("prompt"), jobs[i].prompt);
    EXPECT_EQ(sidecar.at("model"), "fake/1");
  }

  FakeSampler again;
  const GenerateReport second = run(jobs, again);
  EXPECT_EQ(second.total.kept, 30);
  EXPECT_EQ(second.total.generated, 0);
  EXPECT_EQ(again.drawn, 0);
  EXPECT_EQ(manifest().size(), 30U);
}

TEST_F(GenerateImages, ARerunRedrawsExactlyTheMissingCorruptAndStaleImages) {
  const auto jobs = make_jobs(4);
  FakeSampler sampler;
  run(jobs, sampler);
  const auto comm = core::comm::Communicator::world();
  std::map<std::string, fs::file_time_type> times;
  for (const auto& job : jobs) {
    const JobFiles f = job_files(options_.output, job);
    times[f.image] = fs::last_write_time(f.image_path);
    times[f.sidecar] = fs::last_write_time(f.sidecar_path);
  }
  comm.barrier();
  std::vector<GenerationJob> changed = jobs;
  if (comm.rank() == 0) {
    // Truncate job 1's PNG, delete job 5's sidecar, damage job 9's sidecar.
    const JobFiles f1 = job_files(options_.output, jobs[1]);
    fs::resize_file(f1.image_path, fs::file_size(f1.image_path) - 10);
    fs::remove(job_files(options_.output, jobs[5]).sidecar_path);
    std::ofstream(job_files(options_.output, jobs[9]).sidecar_path, std::ios::trunc) << "{\"job";
  }
  changed[13].prompt += " (edited)";
  comm.barrier();
  FakeSampler sampler2;
  const GenerateReport second = run(changed, sampler2);
  EXPECT_EQ(second.total.kept, 20);
  EXPECT_EQ(second.total.missing, 1);
  EXPECT_EQ(second.total.corrupt, 2);
  EXPECT_EQ(second.total.stale, 1);
  EXPECT_EQ(second.total.generated, 4);
  EXPECT_EQ(second.manifest_images, 24);
  const std::set<std::size_t> redone = {1, 5, 9, 13};
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const JobFiles f = job_files(options_.output, jobs[i]);
    EXPECT_EQ(check_image(f, changed[i], options_.settings).state, ImageState::kDone) << i;
    if (!redone.contains(i)) {
      EXPECT_EQ(fs::last_write_time(f.image_path), times[f.image]) << jobs[i].id;
      EXPECT_EQ(fs::last_write_time(f.sidecar_path), times[f.sidecar]) << jobs[i].id;
    }
  }
  const auto lines = manifest();
  ASSERT_EQ(lines.size(), 24U);
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].at("job"), jobs[i].id);
}

TEST_F(GenerateImages, AFailingBatchIsReportedAndTheRestIsWritten) {
  const auto jobs = make_jobs(4);
  FakeSampler sampler;
  sampler.fail_prompt = jobs[7].prompt;
  options_.batch = 1;
  const GenerateReport report = run(jobs, sampler);
  EXPECT_EQ(report.total.failed, 1);
  EXPECT_EQ(report.total.generated, 23);
  EXPECT_EQ(report.manifest_images, 23);
  if (core::comm::Communicator::world().rank() == 0) {
    ASSERT_EQ(report.failures.size(), 1U);
    EXPECT_NE(report.failures[0].find(jobs[7].id), std::string::npos) << report.failures[0];
    EXPECT_NE(report.failures[0].find("out of memory"), std::string::npos) << report.failures[0];
  }
  EXPECT_FALSE(fs::exists(job_files(options_.output, jobs[7]).sidecar_path));
  // The rerun draws only that one.
  FakeSampler healed;
  const GenerateReport rerun = run(jobs, healed);
  EXPECT_EQ(rerun.total.generated, 1);
  EXPECT_EQ(rerun.total.kept, 23);
}

TEST_F(GenerateImages, ImagesDoNotDependOnTheRankCountOrBatch) {
  // Each rank draws everything alone into its own directory, batch 3; compare with batch 4 across
  // the ranks.
  const auto jobs = make_jobs(3);
  FakeSampler sampler;
  run(jobs, sampler);
  const auto comm = core::comm::Communicator::world();
  const auto self = core::comm::Communicator::world().split(comm.rank(), 0);
  GenerateOptions alone = options_;
  alone.output = dir_ / ("alone-" + std::to_string(comm.rank()));
  alone.batch = 3;
  generate_images(self, jobs, alone, [&](std::span<const ImageRequest> r) { return sampler(r); });
  for (const auto& job : jobs) {
    EXPECT_EQ(read_file_bytes(job_files(options_.output, job).image_path),
              read_file_bytes(job_files(alone.output, job).image_path))
        << job.id;
  }
}

}  // namespace
}  // namespace zipp::generation
